import { html, type SafeHtml } from './html.js';

// Colour-blind-safe palette (Okabe–Ito), most severe first.
const COLOURS = ['#D55E00', '#E69F00', '#0072B2', '#009E73', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export interface Series {
  label: string;
  values: (number | null)[];
}

interface Frame {
  width: number;
  height: number;
  left: number;
  bottom: number;
  top: number;
  right: number;
}

const FRAME: Frame = { width: 760, height: 260, left: 56, bottom: 40, top: 16, right: 16 };

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

function axes(f: Frame, max: number, format: (v: number) => string, labels: readonly string[], every: number): SafeHtml {
  const plotH = f.height - f.top - f.bottom;
  const plotW = f.width - f.left - f.right;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const y = f.top + plotH * (1 - t);
    return html`<line x1="${f.left}" x2="${f.width - f.right}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${f.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#444">${format(max * t)}</text>`;
  });
  const step = plotW / Math.max(labels.length, 1);
  const xs = labels.map((label, i) =>
    i % every === 0 ? html`<text x="${f.left + step * (i + 0.5)}" y="${f.height - f.bottom + 16}" text-anchor="middle" font-size="11" fill="#444">${label}</text>` : '',
  );
  return html`${ticks}${xs}`;
}

function legend(series: readonly Series[], f: Frame): SafeHtml {
  return html`${series.map(
    (s, i) => html`<rect x="${f.left + i * 110}" y="${f.height - 14}" width="10" height="10" fill="${COLOURS[i % COLOURS.length]}"/><text x="${f.left + i * 110 + 14}" y="${f.height - 5}" font-size="11" fill="#222">${s.label}</text>`,
  )}`;
}

/** Stacked bars, one per label: incidents per week by severity. */
export function stackedBars(title: string, labels: readonly string[], series: readonly Series[]): SafeHtml {
  const f = FRAME;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  // At least 4, so the quarter ticks are whole incidents.
  const max = niceMax(Math.max(4, ...totals));
  const plotH = f.height - f.top - f.bottom;
  const step = (f.width - f.left - f.right) / Math.max(labels.length, 1);
  const bars = labels.map((label, i) => {
    let y = f.top + plotH;
    return series.map((s, k) => {
      const v = s.values[i] ?? 0;
      if (v === 0) return '';
      const h = (v / max) * plotH;
      y -= h;
      return html`<rect class="bar" x="${f.left + step * i + step * 0.15}" y="${y}" width="${step * 0.7}" height="${h}" fill="${COLOURS[k % COLOURS.length]}"><title>${label} ${s.label}: ${v}</title></rect>`;
    });
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${f.width} ${f.height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${axes(f, max, (v) => String(Math.round(v)), labels.map((l) => l.slice(5)), Math.ceil(labels.length / 12))}${bars}${legend(series, f)}</svg>`;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Tick steps that read as round durations: the axis is four of one of these.
const DURATION_STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12].map((n) => n * HOUR),
  ...[1, 2, 7, 14, 30, 90].map((n) => n * DAY),
];

/** The top of a duration axis: four round steps (15 s, 5 min, 3 h, 2 d …) reaching `maxMs`. */
export function durationAxisMax(maxMs: number): number {
  const step = DURATION_STEPS.find((s) => s * 4 >= maxMs) ?? Math.ceil(maxMs / 4 / DAY) * DAY;
  return step * 4;
}

/** A tick on a duration axis, in the largest unit it is a whole number of: 45 s, 10 min, 6 h, 2 d. */
export function durationTick(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, name] of [[DAY, 'd'], [HOUR, 'h'], [MINUTE, 'min']] as const) {
    if (ms >= unit && ms % unit === 0) return `${ms / unit} ${name}`;
  }
  return `${Math.round(ms / SECOND)} s`;
}

export interface LineScale {
  /** The axis top for the largest value shown. */
  axisMax(max: number): number;
  tick(value: number): string;
}

/** Lines with points, one per series; a null value leaves a gap; with no value at all, says so. */
export function lines(title: string, labels: readonly string[], series: readonly Series[], format: (v: number) => string, scale?: LineScale): SafeHtml {
  const f = FRAME;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (values.length === 0) {
    return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${f.width} 60" xmlns="http://www.w3.org/2000/svg"><title>${title}</title><text x="${f.width / 2}" y="34" text-anchor="middle" font-size="13" fill="#666">No incident in this period reached it.</text></svg>`;
  }
  const max = scale ? scale.axisMax(Math.max(0, ...values)) : niceMax(Math.max(0, ...values));
  const plotH = f.height - f.top - f.bottom;
  const step = (f.width - f.left - f.right) / Math.max(labels.length, 1);
  const at = (i: number, v: number) => ({ x: f.left + step * (i + 0.5), y: f.top + plotH * (1 - v / max) });
  const drawn = series.map((s, k) => {
    const colour = COLOURS[k % COLOURS.length];
    const points = s.values.map((v, i) => (v === null ? undefined : { ...at(i, v), v, i }));
    const path = points.map((p, i) => (p ? `${i > 0 && points[i - 1] ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}` : '')).join(' ');
    return html`<path class="line" d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${points.map((p) =>
      p ? html`<circle class="point" cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="3" fill="${colour}"><title>${labels[p.i]} ${s.label}: ${format(p.v)}</title></circle>` : '',
    )}`;
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${f.width} ${f.height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${axes(f, max, scale?.tick ?? format, labels, Math.ceil(labels.length / 12))}${drawn}${legend(series, f)}</svg>`;
}

/** 90 s, 14 min, 3.5 h, 2.1 d. */
export function shortDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}
