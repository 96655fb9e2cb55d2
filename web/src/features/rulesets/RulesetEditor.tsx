import { Alert, App, Button, Card, Descriptions, Input, Space, Spin, Tabs, Tag, Tooltip } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  approveRuleset,
  createRulesetDraft,
  fetchRuleset,
  saveRulesetDraft,
  validateRulesetDocument,
  type RulesetDocument,
  type RulesetIssue,
  type RulesetSummary,
  type RulesetVersion,
} from '../../shared/api';
import { RulesetStatusTag } from '../scores/ScoreTags';
import { absoluteTime } from '../../shared/format';
import { useErrorText } from '../../shared/hooks';
import { usePolledQuery } from '../../shared/query';
import { setSearchParams, useLocation } from '../../router';
import { CYCLE_ROLES, RULESET_APPROVERS, RULESET_AUTHORS } from '../scores/scoring';
import { hasRole, useSession } from '../../shared/session';
import { documentIssues, isObj, MONO, pretty, VIEWS, type View } from './ruleset';
import { RulesetDiffView } from './RulesetDiffView';
import { RulesetForm } from './RulesetForm';
import { IssuesList } from './RulesetFormParts';
import { RulesetNoteModal } from './RulesetNoteModal';
import { RulesetWhatIfView } from './RulesetWhatIfView';

const rulesetKey = (v: { version: number; status: string }) => ['ruleset', v.version, v.status];

/** One version: its form, JSON, diff and what-if views; validate, save, save as, approve. */
export function RulesetEditor({ summary, all, onSaved }: { summary: RulesetSummary; all: RulesetSummary[]; onSaved: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { user } = useSession();
  const { search } = useLocation();
  const view: View = VIEWS.find((v) => v === search.get('view')) ?? 'form';
  const queryClient = useQueryClient();
  // Read again when the version's status changes (an approval), as the list shows it.
  const query = usePolledQuery(rulesetKey(summary), () => fetchRuleset(summary.version), false);
  const [version, setShown] = useState<RulesetVersion | null>(null);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<RulesetIssue[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'saveAs' | 'approve' | null>(null);
  /** Shows a version as read or saved, its document in the editor. */
  const setVersion = (v: RulesetVersion) => {
    setShown(v);
    setText(pretty(v.document));
  };
  const [read, setRead] = useState<RulesetVersion | undefined>();
  if (query.data !== read) {
    // A new answer (first read, or read again after an approval) replaces what the editor shows.
    setRead(query.data);
    if (query.data) setVersion(query.data);
  }
  /** A version a save answered with: shown now, and the answer of its key (no need to read it again). */
  const keep = (saved: RulesetVersion) => {
    setVersion(saved);
    queryClient.setQueryData(rulesetKey(saved), saved);
  };
  const loadError = query.errorText;

  const parsed = useMemo((): { doc: RulesetDocument } | { error: string } => {
    try {
      const doc: unknown = JSON.parse(text || 'null');
      return isObj(doc) ? { doc } : { error: t('rulesets.notAnObject') };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }, [text, t]);

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!version) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;

  const draft = version.status === 'draft';
  const author = hasRole(user, ...RULESET_AUTHORS);
  const approver = hasRole(user, ...RULESET_APPROVERS);
  const ownDraft = version.createdBy === user.username || version.updatedBy === user.username;
  const dirty = text !== pretty(version.document);
  const doc = 'doc' in parsed ? parsed.doc : null;

  const validate = async () => {
    if (!doc) return;
    setBusy('validate');
    try {
      const r = await validateRulesetDocument(doc);
      setIssues(r.issues);
      if (r.ok) void message.success(t('rulesets.valid'));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  /** Runs a save; a 400 shows the document's issues with their paths. */
  const saving = async (key: string, run: () => Promise<RulesetVersion>, done: (saved: RulesetVersion) => string): Promise<RulesetVersion | null> => {
    setBusy(key);
    try {
      const saved = await run();
      setIssues(null);
      void message.success(done(saved));
      return saved;
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) setIssues(documentIssues(err));
      else void message.error(errorText(err));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = async () => {
    if (!doc) return;
    const saved = await saving(
      'save',
      () => saveRulesetDraft(version.version, doc),
      () => t('rulesets.saved'),
    );
    if (saved) {
      keep(saved);
      await onSaved();
    }
  };

  const saveAs = async (note: string) => {
    if (!doc) return;
    const saved = await saving(
      'saveAs',
      () => createRulesetDraft(doc, note, version.version),
      (v) => t('rulesets.createdDone', { version: v.version }),
    );
    if (saved) {
      setDialog(null);
      await onSaved();
      setSearchParams({ version: String(saved.version), view: null });
    }
  };

  const approve = async (note: string) => {
    const saved = await saving(
      'approve',
      () => approveRuleset(version.version, note),
      (v) => t('rulesets.approved', { version: v.version }),
    );
    if (saved) {
      setDialog(null);
      keep(saved);
      await onSaved();
    }
  };

  const editable = author;
  const tabs = [
    {
      key: 'form',
      label: <span data-testid="ruleset-view-form">{t('rulesets.viewForm')}</span>,
      children: doc ? (
        <RulesetForm doc={doc} issues={issues ?? []} readOnly={!editable} onChange={(d) => setText(pretty(d))} />
      ) : (
        <Alert type="warning" showIcon title={t('rulesets.jsonBroken')} />
      ),
    },
    {
      key: 'json',
      label: <span data-testid="ruleset-view-json">{t('rulesets.viewJson')}</span>,
      children: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {'error' in parsed && <Alert type="error" showIcon title={t('rulesets.jsonError', { error: parsed.error })} data-testid="ruleset-json-error" />}
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            readOnly={!editable}
            spellCheck={false}
            autoSize={{ minRows: 20, maxRows: 40 }}
            style={MONO}
            data-testid="ruleset-json"
          />
        </Space>
      ),
    },
    {
      key: 'diff',
      label: <span data-testid="ruleset-view-diff">{t('rulesets.viewDiff')}</span>,
      children: <RulesetDiffView version={version.version} all={all} />,
    },
    ...(draft && hasRole(user, ...CYCLE_ROLES, 'safety_officer')
      ? [
          {
            key: 'whatif',
            label: <span data-testid="ruleset-view-whatif">{t('rulesets.viewWhatIf')}</span>,
            children: <RulesetWhatIfView version={version.version} dirty={dirty} />,
          },
        ]
      : []),
  ];

  const approveButton = (
    <Button onClick={() => setDialog('approve')} disabled={ownDraft || dirty} data-testid="ruleset-approve">
      {t('rulesets.approve')}
    </Button>
  );
  return (
    <Card
      data-testid="ruleset-editor"
      data-version={version.version}
      title={
        <Space wrap size={[8, 4]}>
          <span>{t('rulesets.version', { version: version.version })}</span>
          <RulesetStatusTag status={version.status} />
          {dirty && (
            <Tag color="orange" data-testid="ruleset-dirty">
              {t('rulesets.unsaved')}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space wrap size="small">
          <Button onClick={() => void validate()} loading={busy === 'validate'} disabled={!doc} data-testid="ruleset-validate">
            {t('rulesets.validate')}
          </Button>
          {author && draft && (
            <Button type="primary" onClick={() => void saveDraft()} loading={busy === 'save'} disabled={!doc || !dirty} data-testid="ruleset-save">
              {t('rulesets.saveDraft')}
            </Button>
          )}
          {author && (
            <Button type={draft ? 'default' : 'primary'} onClick={() => setDialog('saveAs')} disabled={!doc} data-testid="ruleset-save-as">
              {t('rulesets.saveAs')}
            </Button>
          )}
          {draft &&
            approver &&
            (ownDraft || dirty ? <Tooltip title={ownDraft ? t('rulesets.approveOwn') : t('rulesets.approveDirty')}>{approveButton}</Tooltip> : approveButton)}
          {dirty && (
            <Button onClick={() => setText(pretty(version.document))} data-testid="ruleset-reset">
              {t('rulesets.reset')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('rulesets.note')}>{version.note}</Descriptions.Item>
        <Descriptions.Item label={t('rulesets.created')}>
          {version.createdBy} · {absoluteTime(version.createdAt, i18n.language)}
          {version.basedOn ? ` · ${t('rulesets.basedOn', { version: version.basedOn })}` : ''}
        </Descriptions.Item>
        {version.updatedBy !== version.createdBy && <Descriptions.Item label={t('rulesets.updatedBy')}>{version.updatedBy}</Descriptions.Item>}
        {version.approvedBy && (
          <Descriptions.Item label={t('rulesets.approvedBy')}>
            {version.approvedBy}
            {version.approvedAt && Date.parse(version.approvedAt) > 0 ? ` · ${absoluteTime(version.approvedAt, i18n.language)}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      {!draft && author && <Alert type="info" showIcon title={t('rulesets.publishedHint')} style={{ marginBottom: 12 }} />}
      {issues && <IssuesList issues={issues} />}
      <Tabs activeKey={view} onChange={(k) => setSearchParams({ view: k === 'form' ? null : k })} items={tabs} />
      {dialog === 'saveAs' && (
        <RulesetNoteModal
          title={t('rulesets.saveAsTitle', { version: version.version })}
          okText={t('rulesets.saveAs')}
          testIdPrefix="save-as"
          busy={busy === 'saveAs'}
          onOk={(n) => void saveAs(n)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'approve' && (
        <RulesetNoteModal
          title={t('rulesets.approveTitle', { version: version.version })}
          hint={t('rulesets.approveHint')}
          okText={t('rulesets.approve')}
          testIdPrefix="approve"
          busy={busy === 'approve'}
          onOk={(n) => void approve(n)}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
