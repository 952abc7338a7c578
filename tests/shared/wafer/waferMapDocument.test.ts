import { describe, expect, it } from 'vitest';
import { wafersFromDocument } from '../../../shared/wafer/waferMapDocument.ts';

const map = [
  [0, 1, 0],
  [1, 2, 1],
];

describe('wafersFromDocument', () => {
  it.each([
    { layout: 'WM-811K sample layout', document: { source: 'x', wafers: [{ waferMap: map, failureType: 'Loc' }] } },
    { layout: 'bare array of maps', document: [map] },
    { layout: 'bare array of {waferMap}', document: [{ waferMap: map }] },
  ])('reads the $layout', ({ document }) => {
    expect(wafersFromDocument(document)).toEqual([map]);
  });

  it.each([
    { what: 'an object without wafers', document: { maps: [map] }, message: /no list of wafer maps/ },
    { what: 'null', document: null, message: /no list of wafer maps/ },
    { what: 'a wafer without waferMap', document: { wafers: [{ waferMap: map }, { map }] }, message: /wafer 1 is not a wafer map/ },
    { what: 'a map with a string cell', document: [[[0, '1']]], message: /wafer 0 is not a wafer map/ },
    { what: 'an empty map', document: [[]], message: /wafer 0 is not a wafer map/ },
  ])('rejects $what', ({ document, message }) => {
    expect(() => wafersFromDocument(document)).toThrow(message);
  });

  it('keeps an empty list empty', () => {
    expect(wafersFromDocument({ wafers: [] })).toEqual([]);
  });
});
