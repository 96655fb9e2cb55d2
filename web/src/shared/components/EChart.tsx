import { BarChart, HeatmapChart, LineChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type ECElementEvent, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

// Only what the dashboard draws, so the bundle carries a fraction of ECharts.
use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | HeatmapSeriesOption | GridComponentOption | TooltipComponentOption | VisualMapComponentOption | LegendComponentOption
>;
export type ChartClick = ECElementEvent;

/**
 * The chart's container element. It carries its ECharts instance, so a browser test can ask the
 * chart where a bar or cell is drawn (`convertToPixel`) and click that spot on the canvas — the
 * same path a user's click takes.
 */
export type ChartHost = HTMLDivElement & { echarts?: ECharts };

/**
 * One ECharts chart: created on mount, `option` replaced whenever it changes, resized with its
 * container, disposed on unmount. `onClick` gets the clicked data item (bar, point, cell).
 * `data-rendered` is set once the current option is drawn (animations done), so a test can wait for it.
 */
export function EChart({
  option,
  onClick,
  height = 320,
  testId,
  style,
}: {
  option: ChartOption;
  onClick?: (e: ChartClick) => void;
  height?: number;
  testId?: string;
  style?: CSSProperties;
}) {
  const ref = useRef<ChartHost>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = ref.current!;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    el.echarts = c;
    c.on('click', (e) => click.current?.(e as ECElementEvent));
    c.on('finished', () => el.setAttribute('data-rendered', 'true'));
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
      delete el.echarts;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    ref.current!.removeAttribute('data-rendered');
    c.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} data-testid={testId} style={{ width: '100%', height, ...style }} />;
}
