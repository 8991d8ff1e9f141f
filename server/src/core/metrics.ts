// A small Prometheus registry: counters kept in memory, gauges read on demand by
// collectors (outbox lag is a database query, so it is only run when scraped).
// Rendered in the Prometheus text exposition format by GET /metrics.

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
}

export type Collector = () => Promise<{ name: string; help: string; value: number; labels?: Labels }[]>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function labelKey(labels?: Labels): string {
  if (!labels || !Object.keys(labels).length) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

export class Metrics {
  private readonly families = new Map<string, Family>();
  private readonly collectors: Collector[] = [];

  /** Declares a counter so it is exported as 0 before the first event. */
  counter(name: string, help: string, labelled = false): this {
    if (!NAME.test(name)) throw new Error(`bad metric name ${name}`);
    if (!this.families.has(name)) this.families.set(name, { help, type: 'counter', values: new Map(labelled ? [] : [['', 0]]) });
    return this;
  }

  inc(name: string, by = 1, labels?: Labels): void {
    if (by === 0 && labels) return;
    const family = this.families.get(name) ?? this.counter(name, name).families.get(name)!;
    const key = labelKey(labels);
    family.values.set(key, (family.values.get(key) ?? 0) + by);
  }

  collect(collector: Collector): this {
    this.collectors.push(collector);
    return this;
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, f] of this.families) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [key, value] of f.values) lines.push(`${name}${key} ${value}`);
    }
    const gauges = new Map<string, { help: string; samples: string[] }>();
    for (const collector of this.collectors) {
      for (const s of await collector()) {
        const g = gauges.get(s.name) ?? { help: s.help, samples: [] };
        g.samples.push(`${s.name}${labelKey(s.labels)} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
        gauges.set(s.name, g);
      }
    }
    for (const [name, g] of gauges) lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, ...g.samples);
    return `${lines.join('\n')}\n`;
  }
}
