// `node tests/bench/audit-bench.ts --db FILE|postgres://…`: the full audit (7 rules × claimable years) on an
// existing register (made with `edigit seed`, moved with `edigit migrate` for PostgreSQL), with CPU time (of this
// process: PostgreSQL's own work is not in it), wall time, peak RSS and the score against the truth.
import { parseArgs } from 'node:util';
import { executeRun } from '../../server/audit/run-audit.ts';
import { score } from '../../server/audit/score.ts';
import { claimableYears } from '../../server/domain/tax/index.ts';
import { engineOf } from '../../server/store/engine.ts';
import { openStore } from '../../server/store/open-store.ts';

const { values } = parseArgs({ options: { db: { type: 'string' } } });
if (!values.db) throw new RangeError('--db FILE|postgres://… richiesto');
const engine = engineOf(values.db);
const { store, close } = await openStore(engine, { scope: 'all' });
const today = new Date().toISOString().slice(0, 10);
const run = await store.audit.createRun(null, 'E617', claimableYears(today), today);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await executeRun(store, run, undefined, engine);
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await store.audit.updateRun(run.id, { status: 'done', progress: 1, summary });
const findings = summary.tally.reduce((a, t) => a + t.findings, 0);
console.log(
  `verifica tributaria (${engine.kind}), ${run.years.length} anni: ${findings} segnalazioni; ` +
    `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}), ` +
    `tempo ${wall.toFixed(1)} s, RSS massimo ${(peak / 2 ** 20).toFixed(0)} MiB; ` +
    `nuove ${summary.added}, ritrovate ${summary.seen_again}, non più riscontrate ${summary.not_reproduced}`,
);
const { truth, found } = await store.audit.scoringKeys('E617', run.years);
const off = score(truth, found).filter((s) => s.precision !== 1 || s.recall !== 1);
console.log(
  off.length === 0
    ? 'precisione = richiamo = 1 per ogni regola e anno'
    : off.map((s) => `regola ${s.rule} ${s.year}: P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}`).join('\n'),
);
await close();
