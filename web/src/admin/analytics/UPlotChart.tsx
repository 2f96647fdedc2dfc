import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** Memoised by the caller: a new object draws the chart anew. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  /** What the chart shows, in words, for those who do not see it (the table below it has every figure). */
  label: string;
  height?: number;
}

/** A uPlot chart as wide as its box, redrawn when the data change and resized with the page. */
export function UPlotChart({ options, data, label, height = 220 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot({ ...options, width: Math.max(element.clientWidth, 200), height }, data, element);
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientWidth !== chart.width) chart.setSize({ width: element.clientWidth, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data, height]);
  return <div ref={box} className="chart" role="img" aria-label={label} />;
}
