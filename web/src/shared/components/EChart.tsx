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
import { useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';

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
 *
 * A chart with `onClick` is usable from the keyboard too (issue 20 item 6): it is in the tab order,
 * the arrow keys step through the first series' items (each shown with its tooltip) and Enter or
 * Space opens the one shown, as a click on it does.
 */
export function EChart({
  option,
  onClick,
  height = 320,
  testId,
  style,
  ariaLabel,
}: {
  option: ChartOption;
  onClick?: (e: ChartClick) => void;
  height?: number;
  testId?: string;
  style?: CSSProperties;
  /** What the chart shows, for screen readers. */
  ariaLabel?: string;
}) {
  const ref = useRef<ChartHost>(null);
  /** The item the keyboard is on (-1: none yet). */
  const focused = useRef(-1);
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
    focused.current = -1;
    c.setOption(option, { notMerge: true });
  }, [option]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const c = chart.current;
    const count = firstSeriesLength(option);
    if (!c || !count) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step) {
      e.preventDefault();
      focused.current = (Math.max(focused.current, step > 0 ? -1 : 0) + step + count) % count;
      c.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: focused.current });
    } else if ((e.key === 'Enter' || e.key === ' ') && focused.current >= 0) {
      e.preventDefault();
      click.current?.({ seriesIndex: 0, dataIndex: focused.current } as ChartClick);
    }
  };

  return (
    <div
      ref={ref}
      data-testid={testId}
      style={{ width: '100%', height, ...style }}
      {...(onClick ? { tabIndex: 0, role: 'group', 'aria-label': ariaLabel, onKeyDown, onBlur: () => chart.current?.dispatchAction({ type: 'hideTip' }) } : {})}
    />
  );
}

/** How many items the chart's first series has (what the arrow keys step through). */
function firstSeriesLength(option: ChartOption): number {
  const first = Array.isArray(option.series) ? option.series[0] : option.series;
  const data = (first as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? data.length : 0;
}
