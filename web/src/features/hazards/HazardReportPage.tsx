import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createHazard, HAZARD_CATEGORIES, type HazardCategory, type HazardCreated, type OrgTreeNode, type SuspectedSeverity } from '../../shared/api';
import { newUuid, UUID_RE } from './hazard';
import { useServerErrors, type FieldName } from '../../shared/useServerErrors';
import { Link, useLocation } from '../../router';
import { useSession } from '../../shared/session';
import { useOrgTree } from '../../shared/orgTree';
import { localName } from '../../shared/names';
import { deviceOffline, enqueue, isNetworkFailure } from '../../shared/offline/outbox';
import type { PendingFile } from '../../shared/offline/types';
import { EvidencePicker } from '../../shared/lite/EvidencePicker';
import '../../shared/lite/lite.css';

/**
 * Report a hazard: one column, big targets, photos upload while the rest is filled in. Plain React
 * and ../../shared/lite/lite.css, not Ant Design (issue 20: the frontline's form opens within
 * seconds on a weak network), in the same look as the rest of the app.
 */

interface ReportValues {
  title: string;
  category: HazardCategory | undefined;
  area: string;
  orgUnitId: string | undefined;
  suspectedSeverity: SuspectedSeverity;
  description: string;
  evidenceIds: string[];
}

type Field = keyof ReportValues;
type Errors = Partial<Record<Field, string>>;

const FIELDS: readonly Field[] = ['evidenceIds', 'title', 'category', 'area', 'orgUnitId', 'suspectedSeverity', 'description'];
const RECENT_AREAS_KEY = 'safeloop.recentAreas';
const SEVERITIES = ['low', 'medium', 'high'] as const;

function recentAreas(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_AREAS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 4) : [];
  } catch {
    return [];
  }
}

function rememberArea(area: string): void {
  localStorage.setItem(RECENT_AREAS_KEY, JSON.stringify([area, ...recentAreas().filter((a) => a !== area)].slice(0, 4)));
}

export function HazardReportPage() {
  const [round, setRound] = useState(0);
  const [done, setDone] = useState<HazardCreated | 'queued' | null>(null);
  const { t } = useTranslation();
  const another = () => {
    setDone(null);
    setRound((r) => r + 1);
  };
  if (done === 'queued')
    return (
      <Result
        testId="hazard-queued"
        icon="i"
        colour="#1677ff"
        title={t('outbox.queuedHazard')}
        extra={
          <>
            <button type="button" className="sl-btn sl-btn-primary" data-testid="report-another" onClick={another}>
              {t('hazardReport.another')}
            </button>
            <Link to="/outbox" className="sl-btn" data-testid="show-queue">
              {t('outbox.showQueue')}
            </Link>
          </>
        }
      />
    );
  if (done)
    return (
      <Result
        icon="✓"
        colour="#52c41a"
        title={done.created ? t('hazardReport.done') : t('hazardReport.duplicate')}
        subTitle={t('hazardReport.doneHint')}
        extra={
          <>
            <Link to={`/hazards/${done.hazardId}`} className="sl-btn sl-btn-primary" data-testid="hazard-link">
              {t('hazardReport.open')}
            </Link>
            <button type="button" className="sl-btn" data-testid="report-another" onClick={another}>
              {t('hazardReport.another')}
            </button>
          </>
        }
      />
    );
  // A new form (and a new report id) per report; retries of one report keep its id.
  return <ReportForm key={round} onDone={setDone} />;
}

/** What came of a report: an icon, a title, the next steps (antd's Result, in its proportions). */
function Result({
  testId,
  icon,
  colour,
  title,
  subTitle,
  extra,
}: {
  testId?: string;
  icon: string;
  colour: string;
  title: string;
  subTitle?: string;
  extra: ReactNode;
}) {
  return (
    <div className="sl-card" data-testid={testId}>
      <div className="sl-result" role="status">
        <span className="sl-result-icon" style={{ background: colour }} aria-hidden="true">
          {icon}
        </span>
        <h2 className="sl-result-title">{title}</h2>
        {subTitle && <p className="sl-result-sub">{subTitle}</p>}
        <div className="sl-result-extra">{extra}</div>
      </div>
    </div>
  );
}

/** The units of the tree, in tree order, each with its depth (for the picker's indentation). */
function flatten(nodes: OrgTreeNode[], language: string, depth = 0, out: { id: string; name: string; depth: number }[] = []) {
  for (const n of nodes) {
    out.push({ id: n.id, name: localName(n, language), depth });
    flatten(n.children, language, depth + 1, out);
  }
  return out;
}

function ReportForm({ onDone }: { onDone: (r: HazardCreated | 'queued') => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const reportId = useRef(newUuid());
  const formRef = useRef<HTMLFormElement>(null);
  // An area's permit board (its QR code) opens the form with the area and its unit filled in.
  const { search } = useLocation();
  const [values, setValues] = useState<ReportValues>(() => {
    const unit = search.get('orgUnitId');
    return {
      title: '',
      category: undefined,
      area: search.get('area')?.slice(0, 200) ?? '',
      orgUnitId: unit && UUID_RE.test(unit) ? unit : user.orgUnitId,
      suspectedSeverity: 'medium',
      description: '',
      evidenceIds: [],
    };
  });
  // The required fields are checked as they change once a send was tried (as Ant Design's form
  // does after a submit); the server's word on a field stays until that field is changed.
  const [tried, setTried] = useState(false);
  const [fromServer, setFromServer] = useState<Errors>({});
  const [uploading, setUploading] = useState(false);
  // Photos taken without a network: kept on the device and queued with the report.
  const [onDevice, setOnDevice] = useState<PendingFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [areas] = useState(recentAreas);
  const { tree, failed: treeFailed } = useOrgTree();
  const units = useMemo(() => flatten(tree ?? [], i18n.language), [tree, i18n.language]);

  const check = (v: ReportValues): Errors => {
    const e: Errors = {};
    if (!v.title.trim()) e.title = t('hazardReport.titleRequired');
    if (!v.category) e.category = t('hazardReport.categoryRequired');
    if (!v.area.trim()) e.area = t('hazardReport.areaRequired');
    if (!v.description.trim()) e.description = t('hazardReport.descriptionRequired');
    return e;
  };
  const errors: Errors = { ...(tried ? check(values) : {}), ...fromServer };
  const set = <K extends Field>(field: K, value: ReportValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setFromServer(({ [field]: _changed, ...rest }) => rest);
  };

  // Server 400s (`body.title`, …) land on their fields, as on the other forms (useServerErrors).
  const serverErrors = useServerErrors(
    {
      setFields: ((fields: { name: FieldName; errors: string[] }[]) =>
        setFromServer(Object.fromEntries(fields.map((f) => [String(f.name[0]), f.errors.join(' ')])))) as never,
    },
    { fields: FIELDS },
  );

  const submit = async () => {
    setTried(true);
    setFromServer({});
    const invalid = check(values);
    const first = FIELDS.find((f) => invalid[f]);
    if (first) {
      // The first field in error into view, and focused (its message is read with it).
      const el = formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`);
      el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el?.querySelector<HTMLElement>('input, textarea, select, button')?.focus({ preventScroll: true });
      return;
    }
    setError(null);
    setBusy(true);
    const area = values.area.trim();
    const report = {
      reportId: reportId.current,
      title: values.title.trim(),
      description: values.description.trim(),
      category: values.category!,
      area,
      orgUnitId: values.orgUnitId,
      suspectedSeverity: values.suspectedSeverity,
      evidenceIds: values.evidenceIds,
    };
    // No network (or photos still on the device): the report waits on the device with its
    // reportId and is sent when the network returns (a resend is the same hazard).
    const queue = async () => {
      await enqueue({ id: report.reportId, kind: 'hazard', owner: user.id, title: report.title, body: report, files: onDevice });
      rememberArea(area);
      onDone('queued');
    };
    try {
      if (deviceOffline() || onDevice.length > 0) return await queue();
      const created = await createHazard(report);
      rememberArea(area);
      onDone(created);
    } catch (err) {
      if (isNetworkFailure(err)) await queue().catch((e: unknown) => setError(serverErrors(e)));
      else setError(serverErrors(err));
    } finally {
      setBusy(false);
    }
  };

  /** A labelled field: its label above, its hint or error below (linked to the control for screen readers). */
  const item = (
    field: Field,
    label: string,
    control: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode,
    extra?: string,
  ) => {
    const id = `hazard-field-${field}`;
    const message = errors[field];
    return (
      <div className="sl-field" data-field={field}>
        <label className="sl-label" htmlFor={id} id={`${id}-label`}>
          {label}
        </label>
        {control({ id, 'aria-invalid': !!message, 'aria-describedby': `${id}-help` })}
        <div
          id={`${id}-help`}
          className={message ? 'sl-error-text' : 'sl-extra'}
          role={message ? 'alert' : undefined}
          data-testid={message ? `hazard-${field}-error` : undefined}
        >
          {message ?? extra}
        </div>
      </div>
    );
  };

  const unitKnown = !values.orgUnitId || units.some((u) => u.id === values.orgUnitId);
  return (
    <section className="sl-card" aria-labelledby="hazard-report-title">
      <h1 className="sl-card-head" id="hazard-report-title" style={{ margin: 0 }}>
        {t('hazardReport.title')}
      </h1>
      <div className="sl-card-body">
        <form
          ref={formRef}
          noValidate
          data-testid="hazard-report-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && !uploading) void submit();
          }}
        >
          {item(
            'evidenceIds',
            t('hazardReport.photos'),
            (a) => (
              <EvidencePicker
                testId="evidence"
                id={a.id}
                describedBy={a['aria-describedby']}
                onChange={(ids) => setValues((v) => ({ ...v, evidenceIds: ids }))}
                onBusyChange={setUploading}
                onOfflineChange={setOnDevice}
              />
            ),
            t('hazardReport.photosHint'),
          )}
          {item('title', t('hazardReport.what'), (a) => (
            <input
              {...a}
              className="sl-input"
              data-testid="hazard-title"
              maxLength={200}
              placeholder={t('hazardReport.titlePlaceholder')}
              autoComplete="off"
              value={values.title}
              onChange={(e) => set('title', e.target.value)}
            />
          ))}
          {item('category', t('hazardReport.category'), (a) => (
            // The ten categories as big buttons: two columns on a phone, five on a wide screen.
            <div
              role="radiogroup"
              aria-labelledby={`${a.id}-label`}
              aria-describedby={a['aria-describedby']}
              aria-invalid={a['aria-invalid']}
              className={a['aria-invalid'] ? 'sl-choices sl-invalid' : 'sl-choices'}
            >
              {HAZARD_CATEGORIES.map((c, i) => (
                <button
                  key={c}
                  id={i === 0 ? a.id : undefined}
                  type="button"
                  role="radio"
                  aria-checked={values.category === c}
                  className={values.category === c ? 'sl-btn sl-btn-primary' : 'sl-btn'}
                  onClick={() => set('category', c)}
                  data-testid={`category-${c}`}
                >
                  {t(`hazard.category.${c}`)}
                </button>
              ))}
            </div>
          ))}
          {item('area', t('hazardReport.area'), (a) => (
            <>
              <input
                {...a}
                className="sl-input"
                data-testid="hazard-area"
                maxLength={200}
                placeholder={t('hazardReport.areaPlaceholder')}
                autoComplete="off"
                value={values.area}
                onChange={(e) => set('area', e.target.value)}
              />
              {areas.length > 0 && (
                <div className="sl-chips">
                  {areas.map((recent) => (
                    <button key={recent} type="button" className="sl-chip" onClick={() => set('area', recent)}>
                      {recent}
                    </button>
                  ))}
                </div>
              )}
            </>
          ))}
          {item(
            'orgUnitId',
            t('hazardReport.where'),
            (a) => (
              // The tree the user can see (an employee: their own subtree), indented by depth; the phone's own picker.
              <select
                {...a}
                className="sl-input"
                data-testid="hazard-org-unit"
                value={values.orgUnitId ?? ''}
                onChange={(e) => set('orgUnitId', e.target.value || undefined)}
              >
                {!values.orgUnitId && <option value="">{t('orgSelect.placeholder')}</option>}
                {values.orgUnitId && !unitKnown && (
                  <option value={values.orgUnitId}>{treeFailed ? t('orgSelect.loadFailed') : tree ? values.orgUnitId : t('app.loading')}</option>
                )}
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {'\u00a0\u00a0\u00a0'.repeat(u.depth)}
                    {u.name}
                  </option>
                ))}
              </select>
            ),
            t('hazardReport.whereHint'),
          )}
          {item('suspectedSeverity', t('hazardReport.severity'), (a) => (
            <div role="radiogroup" aria-labelledby={`${a.id}-label`} className="sl-segmented" data-testid="hazard-severity">
              {SEVERITIES.map((s, i) => (
                <button
                  key={s}
                  id={i === 0 ? a.id : undefined}
                  type="button"
                  role="radio"
                  aria-checked={values.suspectedSeverity === s}
                  onClick={() => set('suspectedSeverity', s)}
                >
                  <span data-testid={`severity-${s}`}>{t(`hazardReport.suspected.${s}`)}</span>
                </button>
              ))}
            </div>
          ))}
          {item('description', t('hazardReport.description'), (a) => (
            <textarea
              {...a}
              className="sl-input"
              data-testid="hazard-description"
              rows={3}
              maxLength={5000}
              placeholder={t('hazardReport.descriptionPlaceholder')}
              value={values.description}
              onChange={(e) => set('description', e.target.value)}
            />
          ))}
          {error && (
            <div className="sl-alert" role="alert" data-testid="hazard-report-error">
              {error}
            </div>
          )}
          <button
            type="submit"
            className="sl-btn sl-btn-primary sl-btn-block sl-btn-big"
            disabled={uploading}
            aria-busy={busy}
            data-testid="hazard-submit"
            style={{ fontSize: 18 }}
          >
            {busy && <span className="sl-spin sl-spin-small" aria-hidden="true" />}
            {uploading ? t('hazardReport.waitUploads') : t('hazardReport.submit')}
          </button>
          <p className="sl-secondary" style={{ marginTop: 12, marginBottom: 0, textAlign: 'center' }}>
            {t('hazardReport.footer')}
          </p>
        </form>
      </div>
    </section>
  );
}
