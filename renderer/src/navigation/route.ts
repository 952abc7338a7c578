/**
 * The app's places and their URL-hash form, so a view can be reopened or shared as a link and the
 * browser's back/forward work. Pure: parse and format only; the navigation store applies it.
 *
 *   #/overview            #/lot/<lot>              #/wafer/<lot>/<wafer>[?test=N]
 *   #/spc[/<chartId>][?point=N]   #/alerts[?alert=<id>]   #/commonality   #/explain/<lot>[/<wafer>]   #/reports   #/sql
 *   #/screening/<lot>
 */
export type Route =
  | { view: 'overview'; product?: string }
  | { view: 'lot'; lot: string }
  | { view: 'wafer'; lot: string; wafer: string; test?: number }
  | { view: 'spc'; chartId?: string; point?: number }
  | { view: 'alerts'; alertId?: string }
  | { view: 'commonality' }
  | { view: 'explain'; lot: string; wafer?: string }
  | { view: 'screening'; lot: string }
  | { view: 'reports' }
  | { view: 'sql' };

/** The view names, in the order the app bar shows its top-level tabs. */
export const topLevelViews = ['overview', 'spc', 'alerts', 'commonality', 'reports', 'sql'] as const;

const encode = encodeURIComponent;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function integer(value: string | null): number | undefined {
  if (value === null || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The hash (with its leading `#`) for a route. */
export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'overview':
      return route.product ? `#/overview?product=${encode(route.product)}` : '#/overview';
    case 'lot':
      return `#/lot/${encode(route.lot)}`;
    case 'wafer':
      return `#/wafer/${encode(route.lot)}/${encode(route.wafer)}${route.test === undefined ? '' : `?test=${route.test}`}`;
    case 'spc':
      return `#/spc${route.chartId ? `/${encode(route.chartId)}` : ''}${route.point === undefined ? '' : `?point=${route.point}`}`;
    case 'alerts':
      return route.alertId ? `#/alerts?alert=${encode(route.alertId)}` : '#/alerts';
    case 'commonality':
      return '#/commonality';
    case 'explain':
      return `#/explain/${encode(route.lot)}${route.wafer ? `/${encode(route.wafer)}` : ''}`;
    case 'screening':
      return `#/screening/${encode(route.lot)}`;
    case 'reports':
      return '#/reports';
    case 'sql':
      return '#/sql';
  }
}

/** The route a hash names; anything unknown or malformed is the overview. */
export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter((part) => part.length > 0).map(decode);
  const [view, first, second] = parts;
  switch (view) {
    case 'lot':
      return first ? { view: 'lot', lot: first } : { view: 'overview' };
    case 'wafer': {
      if (!first || !second) return { view: 'overview' };
      const test = integer(params.get('test'));
      return test === undefined ? { view: 'wafer', lot: first, wafer: second } : { view: 'wafer', lot: first, wafer: second, test };
    }
    case 'spc': {
      const route: Route = { view: 'spc' };
      if (first) route.chartId = first;
      const point = integer(params.get('point'));
      if (point !== undefined) route.point = point;
      return route;
    }
    case 'alerts': {
      const alertId = params.get('alert');
      return alertId ? { view: 'alerts', alertId } : { view: 'alerts' };
    }
    case 'commonality':
      return { view: 'commonality' };
    case 'explain':
      if (!first) return { view: 'overview' };
      return second ? { view: 'explain', lot: first, wafer: second } : { view: 'explain', lot: first };
    case 'screening':
      return first ? { view: 'screening', lot: first } : { view: 'overview' };
    case 'reports':
      return { view: 'reports' };
    case 'sql':
      return { view: 'sql' };
    default: {
      const product = params.get('product');
      return product ? { view: 'overview', product } : { view: 'overview' };
    }
  }
}

/** The breadcrumb trail for a route: product → lot → wafer, each with the route it opens. */
export function breadcrumb(route: Route): { label: string; kind: 'overview' | 'lot' | 'wafer'; route: Route }[] {
  const trail: { label: string; kind: 'overview' | 'lot' | 'wafer'; route: Route }[] = [{ label: '', kind: 'overview', route: { view: 'overview' } }];
  if (route.view === 'lot' || route.view === 'wafer' || route.view === 'explain' || route.view === 'screening') trail.push({ label: route.lot, kind: 'lot', route: { view: 'lot', lot: route.lot } });
  if ((route.view === 'wafer' || route.view === 'explain') && route.wafer) trail.push({ label: route.wafer, kind: 'wafer', route: { view: 'wafer', lot: route.lot, wafer: route.wafer } });
  return trail;
}
