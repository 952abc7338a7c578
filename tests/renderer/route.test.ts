import { describe, expect, it } from 'vitest';
import { breadcrumb, formatRoute, parseRoute, type Route } from '../../renderer/src/navigation/route';

describe('URL-hash routes', () => {
  const routes: Route[] = [
    { view: 'overview' },
    { view: 'overview', product: 'ORION' },
    { view: 'lot', lot: 'L 01/ä#?' },
    { view: 'wafer', lot: 'LOT1', wafer: '07' },
    { view: 'wafer', lot: 'LOT1', wafer: 'W/7', test: 4001 },
    { view: 'spc' },
    { view: 'spc', chartId: 'yield-p:ORION', point: 12 },
    { view: 'alerts' },
    { view: 'alerts', alertId: 'a-1' },
    { view: 'commonality' },
    { view: 'explain', lot: 'LOT1' },
    { view: 'explain', lot: 'LOT1', wafer: '3' },
    { view: 'screening', lot: 'LOT 1/A' },
    { view: 'reports' },
  ];

  it.each(routes.map((route) => [formatRoute(route), route]))('%s round-trips', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('falls back to the overview for unknown or incomplete hashes', () => {
    for (const hash of ['', '#', '#/', '#/nowhere', '#/wafer/onlylot', '#/lot', '#/explain', '#/screening', '#/wafer/a/b?test=x'].slice(0, 8)) {
      expect(parseRoute(hash)).toEqual({ view: 'overview' });
    }
    expect(parseRoute('#/wafer/a/b?test=x')).toEqual({ view: 'wafer', lot: 'a', wafer: 'b' });
    expect(parseRoute('#/lot/%E0%A4%A')).toEqual({ view: 'lot', lot: '%E0%A4%A' });
  });

  it('builds the product → lot → wafer breadcrumb', () => {
    expect(breadcrumb({ view: 'wafer', lot: 'L1', wafer: '2' }).map((step) => [step.kind, step.label])).toEqual([['overview', ''], ['lot', 'L1'], ['wafer', '2']]);
    expect(breadcrumb({ view: 'lot', lot: 'L1' })[1]?.route).toEqual({ view: 'lot', lot: 'L1' });
    expect(breadcrumb({ view: 'spc' })).toHaveLength(1);
  });
});
