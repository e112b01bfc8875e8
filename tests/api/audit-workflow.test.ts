// The findings workflow over HTTP: identity and state kept across runs, non_piu_riscontrato, If-Match,
// the state machine, roles and comuni, and the read log. Runs are made through the audit store with
// chosen findings, so that each re-run reproduces exactly what the test wants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingDraft } from '../../server/store/audit.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

describe.each(ENGINES)('findings workflow (%s)', (engine) => {
  let t: EngineApp;
  let units: { id: number; building_id: number; subject_id: number }[];

  beforeAll(async () => {
    t = await makeEngineApp(engine);
    units = await t.rows<(typeof units)[number]>(
      `SELECT u.id, u.building_id, min(r.subject_id) AS subject_id FROM units u JOIN residents r ON r.unit_id = u.id
      WHERE u.comune = 'E617' GROUP BY u.id ORDER BY u.id LIMIT 4`,
    );
  });
  afterAll(() => t.close());

  const draft = (i: number, claimable: number, year = 2024): FindingDraft => ({
    rule: 2,
    year,
    unit_id: units[i]!.id,
    building_id: units[i]!.building_id,
    parcel_id: null,
    subject_id: units[i]!.subject_id,
    amount_eur: claimable - 10,
    claimable_eur: claimable,
    evidence: { summary: `prova ${i}` },
    steps: [{ rule: 'L. 160/2019 c. 745', text: 'base', amount: 1000 }],
  });

  /** The audit store as the command line and the audit job use it: every comune. */
  const asJob = <T>(work: (audit: EngineApp['store']['audit']) => Promise<T>) =>
    t.store.withComuni('all', () => work(t.store.audit));

  /** A run of year 2024 that finds exactly `drafts`. */
  const rerun = (drafts: FindingDraft[]) =>
    asJob(async (audit) => {
      const run = await audit.createRun(null, 'E617', [2024], '2026-12-02');
      await audit.saveFindings(run.id, 'E617', drafts);
      await audit.closeRun(run.id, 'E617', [2024]);
      await audit.updateRun(run.id, { status: 'done', progress: 1 });
      return run.id;
    });

  const reads = async () =>
    (await t.row<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM personal_data_reads'))!.n;
  const idOf = async (unitId: number) =>
    (await t.row<{ id: number }>('SELECT id FROM audit_findings WHERE unit_id = ? AND rule = 2', unitId))!.id;

  async function get(user: string, id: number) {
    const res = await t.request(`/api/audit/findings/${id}`, { cookie: await t.login(user) });
    return { res, body: await res.json() };
  }
  async function patch(user: string, id: number, body: unknown, etag?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (etag) headers['if-match'] = etag;
    return t.request(`/api/audit/findings/${id}`, {
      method: 'PATCH',
      cookie: await t.login(user),
      headers,
      body: JSON.stringify(body),
    });
  }

  it("keeps a finding's id, state and assignee across re-runs, marks the unreproduced and reopens them", async () => {
    await rerun([draft(0, 500), draft(1, 300)]);
    const a = await idOf(units[0]!.id),
      b = await idOf(units[1]!.id);
    const { res, body } = await get('tributi', a);
    expect(res.status).toBe(200);
    expect(body.state).toBe('da_verificare');
    const moved = await patch(
      'tributi',
      a,
      { state: 'in_istruttoria', assignee: 'tributi', note: 'chiesti i versamenti' },
      res.headers.get('etag')!,
    );
    expect(moved.status).toBe(200);

    await rerun([draft(0, 520), draft(1, 300)]); // same findings, a new amount for a
    expect(await idOf(units[0]!.id)).toBe(a);
    let now = (await get('tributi', a)).body;
    expect(now).toMatchObject({ id: a, state: 'in_istruttoria', assignee: 'tributi', claimable_eur: 520 });

    await rerun([draft(1, 300)]); // a is no longer found
    now = (await get('tributi', a)).body;
    expect(now.state).toBe('non_piu_riscontrato');
    expect((await get('tributi', b)).body.state).toBe('da_verificare');

    await rerun([draft(0, 530), draft(1, 300)]); // found again: back to where it was
    now = (await get('tributi', a)).body;
    expect(now).toMatchObject({ id: a, state: 'in_istruttoria', assignee: 'tributi', claimable_eur: 530 });
    expect(
      (await t.row<{ n: number }>(
        'SELECT CAST(count(*) AS INTEGER) AS n FROM audit_findings WHERE unit_id = ?',
        units[0]!.id,
      ))!.n,
    ).toBe(1);

    const history = await (
      await t.request(`/api/audit/findings/${a}/history`, { cookie: await t.login('tributi') })
    ).json();
    expect(history.map((e: { from_state: string; to_state: string }) => `${e.from_state}>${e.to_state}`)).toEqual([
      'da_verificare>in_istruttoria',
      'in_istruttoria>non_piu_riscontrato',
      'non_piu_riscontrato>in_istruttoria',
    ]);
    expect(history[0]).toMatchObject({ username: 'tributi', note: 'chiesti i versamenti', to_assignee: 'tributi' });
    expect(history[1].username).toMatch(/^verifica n\. \d+$/);
    const changes = await t.rows<{ username: string; before: string; after: string }>(
      "SELECT username, before, after FROM history WHERE entity = 'audit_finding' AND entity_id = ? ORDER BY id",
      a,
    );
    expect(changes.length).toBe(3);
    expect(JSON.parse(changes[0]!.after)).toEqual({
      state: 'in_istruttoria',
      assignee: 'tributi',
      note: 'chiesti i versamenti',
    });
  });

  it('requires If-Match (428), refuses a stale one (412), and changes nothing', async () => {
    const id = await idOf(units[1]!.id);
    const before = await t.snapshot();
    const missing = await patch('tributi', id, { state: 'in_istruttoria' });
    expect(missing.status).toBe(428);
    expect((await missing.json()).error.code).toBe('precondition_required');
    const stale = await patch('tributi', id, { state: 'in_istruttoria' }, `"f${id}-v0"`);
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe('stale_version');
    const staleAndBad = await patch('tributi', id, { state: 'chiuso' }, `"f${id}-v0"`);
    expect([staleAndBad.status, (await staleAndBad.json()).error.code]).toEqual([412, 'stale_version']);
    const star = await patch('tributi', id, { state: 'in_istruttoria' }, '*');
    expect([star.status, (await star.json()).error.code]).toEqual([428, 'precondition_required']);
    expect(await t.snapshot()).toBe(before);
  });

  it('refuses illegal transitions and archiving without a reason with 422 naming the field', async () => {
    const id = await idOf(units[1]!.id);
    const etag = (await get('tributi', id)).res.headers.get('etag')!;
    const illegal = await patch('tributi', id, { state: 'accertato' }, etag);
    expect(illegal.status).toBe(422);
    const e1 = (await illegal.json()).error;
    expect(e1.code).toBe('invalid_transition');
    expect(e1.details[0].path).toBe('state');
    const noReason = await patch('tributi', id, { state: 'archiviato' }, etag);
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).error.details[0].path).toBe('note');
    const unknown = await patch('tributi', id, { state: 'chiuso' }, etag);
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.details[0].path).toBe('state');
    const badAssignee = await patch('tributi', id, { assignee: 'urbanista' }, etag);
    expect(badAssignee.status).toBe(422);
    expect((await badAssignee.json()).error.details[0].path).toBe('assignee');
    const ok = await patch('tributi', id, { state: 'archiviato', note: 'versato con ravvedimento operoso' }, etag);
    expect(ok.status).toBe(200);
    expect((await ok.json()).state).toBe('archiviato');
    expect(ok.headers.get('etag')).not.toBe(etag);
    // Closed cases keep their outcome when a run no longer finds them.
    await rerun([draft(0, 530)]);
    expect((await get('tributi', id)).body.state).toBe('archiviato');
  });

  it('answers only tributi and admin of the comune: 401, 403 for other roles, 404 for other comuni', async () => {
    const id = await idOf(units[0]!.id);
    expect((await t.request('/api/audit/findings?comune=E617')).status).toBe(401);
    for (const user of ['urbanista', 'consultazione']) {
      const res = await t.request('/api/audit/findings?comune=E617', { cookie: await t.login(user) });
      expect(res.status, user).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
      expect((await get(user, id)).res.status, user).toBe(403);
      expect((await t.request('/api/audit/summary?comune=E617', { cookie: await t.login(user) })).status, user).toBe(
        403,
      );
    }
    expect((await t.request('/api/audit/findings?comune=C566', { cookie: await t.login('tributi') })).status).toBe(404);
    expect((await t.request('/api/audit/findings?comune=C566', { cookie: await t.login('admin') })).status).toBe(200);
    expect((await get('admin', id)).res.status).toBe(200);
    const post = await t.request('/api/audit/runs', {
      method: 'POST',
      cookie: await t.login('urbanista'),
      json: { comune: 'E617' },
    });
    expect(post.status).toBe(403);
    const urbanistaPatch = await patch('urbanista', id, { state: 'in_istruttoria' }, '"f1-v1"');
    expect(urbanistaPatch.status).toBe(403);
  });

  it("hides another comune's findings from tributi (404) and shows them to its admin", async () => {
    const unit = (await t.row<{ id: number; building_id: number }>(
      "SELECT id, building_id FROM units WHERE comune = 'C566' ORDER BY id LIMIT 1",
    ))!;
    const run = await asJob(async (audit) => {
      const run = await audit.createRun(null, 'C566', [2024], '2026-12-02');
      await audit.saveFindings(run.id, 'C566', [
        { ...draft(0, 100), unit_id: unit.id, building_id: unit.building_id, subject_id: null },
      ]);
      await audit.updateRun(run.id, { status: 'done', progress: 1 });
      return run;
    });
    const cesanoId = (await t.row<{ id: number }>('SELECT id FROM audit_findings WHERE unit_id = ?', unit.id))!.id;
    const hidden = await get('tributi', cesanoId);
    expect(hidden.res.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
    expect((await patch('tributi', cesanoId, { state: 'in_istruttoria' }, `"f${cesanoId}-v1"`)).status).toBe(404);
    expect(
      (await t.request(`/api/audit/findings/${cesanoId}/history`, { cookie: await t.login('tributi') })).status,
    ).toBe(404);
    const bulk = await t.request('/api/audit/findings/bulk-assign', {
      method: 'POST',
      cookie: await t.login('tributi'),
      json: { ids: [cesanoId], assignee: 'tributi' },
    });
    expect(bulk.status).toBe(404);
    expect((await t.request(`/api/audit/runs/${run.id}`, { cookie: await t.login('tributi') })).status).toBe(404);
    expect((await get('admin', cesanoId)).res.status).toBe(200);
  });

  it('logs one personal read per list request and one per finding read', async () => {
    const cookie = await t.login('tributi');
    const before = await reads();
    const list = await (await t.request('/api/audit/findings?comune=E617', { cookie })).json();
    expect(list.items.length).toBeGreaterThan(1);
    expect(await reads()).toBe(before + 1);
    const row = (await t.row<{ what: string }>(
      'SELECT username, entity, what FROM personal_data_reads ORDER BY id DESC LIMIT 1',
    ))!;
    expect(row).toMatchObject({ username: 'tributi', entity: 'audit_finding' });
    expect(row.what).toContain(`id ${list.items.map((i: { id: number }) => i.id).join(',')}`);
    await t.request(`/api/audit/findings/${list.items[0].id}`, { cookie });
    expect(await reads()).toBe(before + 2);
  });

  it('assigns many findings at once, checking the assignee', async () => {
    const ids = [await idOf(units[0]!.id), await idOf(units[1]!.id)];
    const cookie = await t.login('admin');
    const res = await t.request('/api/audit/findings/bulk-assign', {
      method: 'POST',
      cookie,
      json: { ids, assignee: 'admin' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ updated: 2 });
    const bad = await t.request('/api/audit/findings/bulk-assign', {
      method: 'POST',
      cookie,
      json: { ids, assignee: 'consultazione' },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].path).toBe('assignee');
    const list = await (await t.request('/api/audit/findings?comune=E617&assignee=admin', { cookie })).json();
    expect(list.items.map((i: { id: number }) => i.id).sort()).toEqual([...ids].sort());
  });
});
