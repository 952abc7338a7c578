/** A click on one chart item (bar, point, box), as ChartHost reports it. */
export interface ChartItemEvent {
  seriesIndex: number;
  seriesName: string;
  dataIndex: number;
  value: unknown;
}
