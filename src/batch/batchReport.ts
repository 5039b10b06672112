import type { Catalog } from '../catalog/catalog';
import { explainAll } from '../catalog/explainCode';
import { fill, type Messages } from '../catalog/messageKeys';
import type { CatalogLocale } from '../catalog/schema';
import { escapeHtml as h } from '../text/escapeHtml';
import type { BatchStats } from './batchStats';

export interface ReportRun {
  readonly seconds: number;
  readonly generatedAt: Date;
}

/**
 * The batch report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched) with the counts
 * per block and per language as bar charts, the tickets a person should look at, and for each block found its
 * first step and who can lift it. Everything from the tickets is escaped.
 */
export function renderBatchReport(stats: BatchStats, run: ReportRun, catalog: Catalog, locale: CatalogLocale): string {
  const m = catalog.messages[locale];
  const explained = new Map(explainAll(catalog, locale).map((e) => [e.id, e]));
  const human = [...stats.byReason.values()].reduce((a, b) => a + b, 0);
  const withBlock = [...stats.byBlock.values()].reduce((a, b) => a + b, 0);
  const rate = run.seconds > 0 ? Math.round(stats.tickets / run.seconds) : stats.tickets;
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const blocks = [...stats.byBlock].sort(byCount);
  const languages = [...stats.byLanguage].sort(byCount);

  const blockRows = blocks.map(([id, n]) => [`${id} — ${explained.get(id)?.title ?? ''}`, n] as const);
  const sections = [
    `<h1>${h(m['report.title'])}</h1>`,
    `<p class="summary">${h(
      fill(m['report.summary'], { tickets: stats.tickets, seconds: run.seconds.toFixed(1), rate, blocks: withBlock, human, errors: stats.errors }),
    )}</p>`,
    `<p class="when">${h(run.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC · ${h(m['report.files'])}</p>`,
    `<h2>${h(m['report.byBlock'])}</h2>`,
    blockRows.length > 0 ? barChart(blockRows, 'block') : `<p>${h(m['report.none'])}</p>`,
    `<h2>${h(m['report.byLanguage'])}</h2>`,
    languages.length > 0 ? barChart(languages, 'language') : `<p>${h(m['report.none'])}</p>`,
    `<h2>${h(m['report.blocks'])}</h2>`,
    blocks.length > 0 ? blocks.map(([id, n]) => blockSection(id, n, explained.get(id), m)).join('\n') : `<p>${h(m['report.none'])}</p>`,
    `<h2>${h(m['report.human'])} (${human})</h2>`,
    humanTable(stats, m),
  ];
  return `<!doctype html>
<html lang="${h(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(m['report.title'])}</title>
<style>
body { font: 15px/1.45 system-ui, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1f; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.summary { font-size: 1.05rem; } .when { color: #666; font-size: .85rem; }
.chart { width: 100%; max-width: 60rem; } .chart th { background: none; font-weight: normal; width: 45%; border: 0; padding: .15rem .6rem .15rem 0; }
.chart td { border: 0; padding: .15rem 0; } .chart td.bar span { display: block; height: .95rem; background: #0f6cbd; border-radius: 2px; } .chart td.n { width: 4rem; padding-left: .5rem; text-align: left; }
.block { border-left: 4px solid #0f6cbd; padding: .2rem 0 .2rem .8rem; margin: .8rem 0; }
.block h3 { margin: 0 0 .3rem; font-size: 1rem; } .block p { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f4f4f6; } td.n { text-align: right; white-space: nowrap; } td code { word-break: break-all; }
</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}

/** Horizontal bars, one a row, longest first: a table whose bars are sized in CSS, so the page needs no script. */
function barChart(rows: readonly (readonly [string, number])[], kind: string): string {
  const max = Math.max(...rows.map(([, n]) => n));
  const body = rows
    .map(([label, n]) => {
      const width = Math.max(0.5, (n / max) * 100).toFixed(1);
      return `<tr><th scope="row">${h(label)}</th><td class="bar"><span style="width:${width}%"></span></td><td class="n">${n}</td></tr>`;
    })
    .join('\n');
  return `<table class="chart chart-${h(kind)}">\n${body}\n</table>`;
}

function blockSection(id: string, count: number, e: ReturnType<typeof explainAll>[number] | undefined, m: Messages): string {
  if (!e) return `<div class="block"><h3>${h(id)} (${count})</h3></div>`;
  const lifters = e.liftedBy.map((l) => m[`lifter.${l}`]).join(', ');
  return [
    `<div class="block" id="block-${h(id)}">`,
    `<h3>${h(id)} — ${h(e.title)} (${count})</h3>`,
    `<p><strong>${h(m['explain.liftedBy'])}:</strong> ${h(lifters)}</p>`,
    `<p><strong>${h(m['report.firstStep'])}:</strong> ${h(e.steps[0] ?? '')}</p>`,
    `</div>`,
  ].join('\n');
}

function humanTable(stats: BatchStats, m: Messages): string {
  if (stats.human.length === 0) return `<p>${h(m['report.none'])}</p>`;
  const head = (['report.col.id', 'report.col.source', 'report.col.reason', 'report.col.block', 'report.col.confidence', 'report.col.detail'] as const)
    .map((k) => `<th>${h(m[k])}</th>`)
    .join('');
  const rows = stats.human
    .map(
      (i) =>
        `<tr><td>${h(i.id)}</td><td><code>${h(i.source)}</code></td><td>${h(m[`report.reason.${i.reason}`])}</td><td>${h(i.block ?? '')}</td>` +
        `<td class="n">${i.confidence === null ? '' : `${Math.round(i.confidence * 100)}%`}</td><td><code>${h(i.detail)}</code></td></tr>`,
    )
    .join('\n');
  const more = stats.humanNotListed > 0 ? `<p>${h(fill(m['report.humanMore'], { count: stats.humanNotListed }))}</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>${more}`;
}
