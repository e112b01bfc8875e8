// `node tests/bench/audit-bench.ts --db FILE`: the full audit (7 rules × claimable years) on an existing
// database (made with `edigit seed`), with CPU time, wall time, peak RSS and the score against the truth.
// CPU time is the figure to compare: the machine is shared, wall time varies with the load.
import { parseArgs } from 'node:util';
import { executeRun } from '../../server/audit/run-audit.ts';
import { score } from '../../server/audit/score.ts';
import { openDatabase } from '../../server/db/open.ts';
import { claimableYears } from '../../server/domain/tax/index.ts';
import { sqliteStore } from '../../server/store/sqlite-store.ts';

const { values } = parseArgs({ options: { db: { type: 'string' } } });
if (!values.db) throw new RangeError('--db FILE richiesto');
const db = openDatabase(values.db);
const store = sqliteStore(db);
const today = new Date().toISOString().slice(0, 10);
const run = await store.audit.createRun(null, 'E617', claimableYears(today), today);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await executeRun(store, run, undefined, { kind: 'sqlite', path: values.db });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await store.audit.updateRun(run.id, { status: 'done', progress: 1, summary });
const parcels = (db.prepare('SELECT count(*) n FROM parcels').get() as { n: number }).n;
const findings = summary.tally.reduce((a, t) => a + t.findings, 0);
console.log(
  `verifica tributaria, ${parcels} particelle, ${run.years.length} anni: ${findings} segnalazioni; ` +
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
db.close();
