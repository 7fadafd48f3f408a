import { describe, expect, it } from 'vitest';
import { departmentName, productName, readableCode, tenderName } from '../../../../core/shared/display-names.ts';

const tea = {
  name: '茶裏王日式無糖綠茶 600ml',
  names: { en: 'Unsweetened Japanese Green Tea 600ml', 'zh-TW': '茶裏王日式無糖綠茶 600ml', 'zh-CN': '茶里王日式无糖绿茶 600ml' },
};

describe('productName', () => {
  it('gives the name in the UI language, as the sale line shows it', () => {
    expect(productName(tea, 'en')).toBe('Unsweetened Japanese Green Tea 600ml');
    expect(productName(tea, 'zh-CN')).toBe('茶里王日式无糖绿茶 600ml');
    expect(productName(tea, 'zh-TW')).toBe('茶裏王日式無糖綠茶 600ml');
  });

  it('takes the language without its region, then the catalogue name', () => {
    expect(productName({ name: 'Tea', names: { zh: '茶' } }, 'zh-CN')).toBe('茶');
    expect(productName({ name: '茶', names: {} }, 'en')).toBe('茶');
    expect(productName({ name: '茶' }, 'en')).toBe('茶');
  });
});

describe('departmentName', () => {
  const departments = { drinks: { en: 'Drinks', 'zh-TW': '飲料', 'zh-CN': '饮料' }, bento: { 'zh-TW': '便當' } };

  it('uses the configured name in the language asked', () => {
    expect(departmentName('drinks', departments, 'en')).toBe('Drinks');
    expect(departmentName('drinks', departments, 'zh-TW')).toBe('飲料');
    expect(departmentName('drinks', departments, 'zh-CN')).toBe('饮料');
  });

  it('never shows the code: English name, else the code as words', () => {
    expect(departmentName('bento', departments, 'en')).toBe('Bento');
    expect(departmentName('hot-food', departments, 'zh-CN')).toBe('Hot food');
    expect(departmentName('hot-food', undefined, 'en')).toBe('Hot food');
  });
});

describe('tenderName', () => {
  it('names the tender types in each language', () => {
    expect(tenderName('card', 'en')).toBe('Card');
    expect(tenderName('card', 'zh-TW')).toBe('信用卡');
    expect(tenderName('cash', 'zh-CN')).toBe('现金');
    expect(tenderName('voucher', 'zh-TW')).toBe('禮券');
  });

  it('shows an unknown type as words', () => {
    expect(tenderName('gift_card', 'en')).toBe('Gift card');
  });
});

describe('readableCode', () => {
  it('turns codes into words and leaves odd input readable', () => {
    expect(readableCode('hot-food')).toBe('Hot food');
    expect(readableCode('paid_out')).toBe('Paid out');
    expect(readableCode('none')).toBe('None');
    expect(readableCode('--')).toBe('--');
  });
});
