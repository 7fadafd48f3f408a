import { METHOD_NAMES, type MethodName, type ParamsInput, type Result, type TillproofBridge } from '../../core/contract/index.ts';

/**
 * The bridge's contract methods alone. Indexed by a generic method name it gives that method's
 * own signature (the full bridge type, an intersection with `on`, does not narrow that way).
 */
export type MethodTable = { readonly [M in MethodName]: (params: ParamsInput<M>) => Promise<Result<M>> };

/** One call for every method: the method's name travels with its parameters. */
export type MethodCall = <M extends MethodName>(method: M, params: ParamsInput<M>) => Promise<Result<M>>;

type PartialTable<K extends MethodName = MethodName> = { -readonly [M in K]?: (params: ParamsInput<M>) => Promise<Result<M>> };

// Generic in the table as well as the key: only then does TypeScript write `table[method]` as that one method's type.
function addMethod<M extends MethodName>(table: PartialTable<M>, method: M, call: MethodCall): void {
  table[method] = (params) => call(method, params);
}

function complete(table: PartialTable): table is MethodTable {
  return METHOD_NAMES.every((m) => typeof table[m] === 'function');
}

/** A bridge whose every method goes through `call` (browser mode: the WebSocket link now open, or a refusal). */
export function bridgeOver(call: MethodCall, on: TillproofBridge['on']): TillproofBridge {
  const table: PartialTable = {};
  for (const m of METHOD_NAMES) addMethod(table, m, call);
  if (!complete(table)) throw new Error('the bridge lacks a contract method');
  return { ...table, on };
}

/** The method `method` of a bridge, with its own parameter and result types. */
export function methodOf<M extends MethodName>(bridge: MethodTable, method: M): MethodTable[M] {
  return bridge[method];
}
