import { z } from 'zod';
import { hostErrorSchema } from './errors.ts';

// Messages on the transport (WebSocket in browser mode, MessagePort in Electron). The host
// refuses a frame larger than MAX_FRAME_BYTES before parsing it.

export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * The WebSocket close code a host gives the till's own page when its pairing token is not (or no
 * longer) valid, e.g. after the tokens were rotated: the page stops retrying and asks to pair again.
 */
export const PAIRING_REFUSED_CLOSE = 4401;

export const callMessageSchema = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(64),
  params: z.unknown(),
});

export const resultMessageSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: hostErrorSchema }),
]);

export const eventMessageSchema = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });

export const serverMessageSchema = z.union([resultMessageSchema, eventMessageSchema]);

export type ResultMessage = z.infer<typeof resultMessageSchema>;
export type EventMessage = z.infer<typeof eventMessageSchema>;
