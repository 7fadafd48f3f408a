// The scale emulator's model and control commands: what it answers to `W` for each platter state.
import { describe, expect, it } from 'vitest';
import { ScaleModel, runScaleCommand } from '../../../../hardware/emulators/scale-emulator.ts';
import { parseToledoFrame } from '../../../../hardware/protocols/scale/toledo.ts';

const ask = (model: ScaleModel) => {
  const reply = model.answer(0x57);
  return reply ? parseToledoFrame(reply) : null;
};

describe('ScaleModel', () => {
  it('answers W with the stable weight, a status while moving, under zero or over capacity', () => {
    const model = new ScaleModel(15_000);
    expect(runScaleCommand(model, 'weight 1234')).toBe('ok weight 1234');
    expect(ask(model)).toEqual({ ok: true, value: { kind: 'weight', grams: 1234, net: false } });
    runScaleCommand(model, 'motion');
    expect(ask(model)).toMatchObject({ ok: true, value: { kind: 'status', motion: true } });
    runScaleCommand(model, 'stable');
    runScaleCommand(model, 'weight 15001');
    expect(ask(model)).toMatchObject({ ok: true, value: { kind: 'status', overCapacity: true, motion: false } });
    runScaleCommand(model, 'weight -20');
    expect(ask(model)).toMatchObject({ ok: true, value: { kind: 'status', underZero: true } });
  });

  it('ignores other bytes, answers nothing when silent, and explains a bad command', () => {
    const model = new ScaleModel();
    expect(model.answer(0x5a)).toBeNull();
    runScaleCommand(model, 'silent');
    expect(model.answer(0x57)).toBeNull();
    expect(runScaleCommand(model, 'weight 1.5')).toMatch(/^error weight takes whole grams/);
    expect(runScaleCommand(model, 'jump')).toMatch(/^error unknown command "jump"/);
    expect(runScaleCommand(model, 'answer')).toBe('ok answer');
    expect(runScaleCommand(model, 'status')).toBe('ok {"grams":0,"motion":false,"capacityGrams":15000,"silent":false}');
  });
});
