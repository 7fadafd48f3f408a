// A PIN as the till keeps it: scrypt with its parameters, never the PIN. HQ hashes PINs the
// same way before publishing staff, so one schema serves the wire and the database.
import { z } from 'zod';

export const pinHashSchema = z.strictObject({
  scheme: z.literal('scrypt'),
  N: z.number().int().min(2),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string().min(16).max(128),
  hash: z.string().min(16).max(256),
});
export type PinHash = z.infer<typeof pinHashSchema>;
