// The handler map's types: one async function per contract method. Each domain's handler file
// returns the methods it owns; create-terminal.ts joins them and checks the whole with `satisfies`.
import type { MethodName, Params, Result } from '../contract/methods.ts';

export type Handlers = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> };

/** The handlers of one domain's methods. */
export type HandlersOf<M extends MethodName> = Pick<Handlers, M>;
