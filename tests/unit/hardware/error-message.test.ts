import { describe, expect, it } from 'vitest';
import { TillproofError } from '../../../core/shared/errors.ts';
import { ContractCallError } from '../../../core/contract/client.ts';
import { DeviceError } from '../../../hardware/device.ts';
import { errorWithCode } from '../../../hardware/error-message.ts';
import { PrinterCommandError } from '../../../hardware/protocols/errors.ts';
import type { FaultToken } from '../../../hardware/protocols/stream-tokens.ts';
import { EscPosSyntaxError } from '../../../hardware/protocols/escpos/tokens.ts';
import { ApprovalCancelled } from '../../../renderer/approval/approval-retry.ts';

describe('errorWithCode', () => {
  it('adds the code when the message does not say it', () => {
    expect(errorWithCode(new DeviceError('device.timeout', 'no reply'))).toBe('no reply (device.timeout)');
    expect(errorWithCode(new PrinterCommandError('printer.out-of-range', 'pulse too long'))).toBe('pulse too long (printer.out-of-range)');
    expect(errorWithCode(Object.assign(new Error('port gone'), { code: 'ENOENT' }))).toBe('port gone (ENOENT)');
  });

  it('leaves a message that already carries the code, and anything without one', () => {
    expect(errorWithCode(new DeviceError('device.io', 'device.io: write failed'))).toBe('device.io: write failed');
    expect(errorWithCode(new Error('plain'))).toBe('plain');
    expect(errorWithCode('text')).toBe('text');
  });

  it('reads the same for the error classes that now build on TillproofError', () => {
    const fault = { kind: 'fault', code: 'escpos.unknown-command', offset: 7, message: 'unknown command' } satisfies FaultToken;
    const syntax = new EscPosSyntaxError(fault);
    expect(syntax).toBeInstanceOf(TillproofError);
    expect(syntax).toMatchObject({ name: 'EscPosSyntaxError', code: fault.code, offset: 7, message: 'unknown command (at byte 7)' });
    expect(errorWithCode(syntax)).toBe(`unknown command (at byte 7) (${fault.code})`);

    const cause = new Error('EPIPE');
    const device = new DeviceError('device.offline', 'COM3: EPIPE', { cause });
    expect(device).toBeInstanceOf(TillproofError);
    expect(device).toMatchObject({ name: 'DeviceError', code: 'device.offline', message: 'COM3: EPIPE' });
    expect(device.cause).toBe(cause);
    expect('cause' in new DeviceError('device.io', 'io')).toBe(false);

    const command = new PrinterCommandError('printer.invalid-bitmap', 'bad logo');
    expect(command).toBeInstanceOf(TillproofError);
    expect(command).toMatchObject({ name: 'PrinterCommandError', code: 'printer.invalid-bitmap', message: 'bad logo' });

    const call = new ContractCallError({ code: 'sale.empty', messageKey: 'error.sale.empty', message: 'no lines', details: { n: 1 } });
    expect(call).toBeInstanceOf(TillproofError);
    expect(call).toMatchObject({
      name: 'ContractCallError',
      code: 'sale.empty',
      messageKey: 'error.sale.empty',
      message: 'no lines',
      details: { n: 1 },
    });
    expect(new ContractCallError({ code: 'internal', messageKey: 'error.internal', message: 'x' }).details).toBeUndefined();

    const cancelled = new ApprovalCancelled();
    expect(cancelled).toBeInstanceOf(TillproofError);
    expect(cancelled).toMatchObject({ name: 'ApprovalCancelled', message: 'approval cancelled' });
  });
});
