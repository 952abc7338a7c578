import { describe, expect, it } from 'vitest';
import { orderGallery } from '../../../shared/wafer/galleryOrder.ts';

describe('orderGallery', () => {
  const entries = [
    { wafer: '10', yield: 0.9, signature: 'none' },
    { wafer: '2', yield: 0.7, signature: 'Edge-Ring' },
    { wafer: '1', yield: 0.9, signature: 'Loc' },
    { wafer: '3', yield: Number.NaN, signature: 'Edge-Ring' },
  ];

  it.each([
    { key: 'wafer' as const, descending: false, expected: ['1', '2', '3', '10'] },
    { key: 'wafer' as const, descending: true, expected: ['10', '3', '2', '1'] },
    { key: 'yield' as const, descending: false, expected: ['3', '2', '1', '10'] },
    { key: 'yield' as const, descending: true, expected: ['1', '10', '2', '3'] },
    { key: 'signature' as const, descending: false, expected: ['2', '3', '1', '10'] },
  ])('by $key (descending: $descending)', ({ key, descending, expected }) => {
    expect(orderGallery(entries, key, descending).map((entry) => entry.wafer)).toEqual(expected);
  });

  it('filters by class', () => {
    expect(orderGallery(entries, 'wafer', false, ['Edge-Ring']).map((entry) => entry.wafer)).toEqual(['2', '3']);
  });
});
