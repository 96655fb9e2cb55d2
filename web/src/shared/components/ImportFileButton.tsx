import { Alert, Button, Modal, Space, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadImport, type ImportProblem, type ImportReport } from '../api';
import { useErrorText } from '../hooks';
import { testId } from '../testIds';

/**
 * "Import…" for the CSV / xlsx imports (inspections, training attendance): pick a file, check it
 * (a dry run) or import it. Imports are all-or-nothing: a rejected file shows every problem by
 * row and column and nothing was written; a good one shows what was created, corrected or left
 * unchanged (re-importing the same file changes nothing).
 */
export function ImportFileButton({
  path,
  title,
  columns,
  onImported,
  testIdPrefix,
}: {
  /** The import endpoint, e.g. `/api/trainings/import`. */
  path: string;
  title: string;
  /** What the file holds: its columns, shown above the picker. */
  columns: string;
  onImported: (report: ImportReport) => void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid={`${testIdPrefix}-import`}>
        {t('importFile.button')}
      </Button>
      {open && <ImportModal path={path} title={title} columns={columns} onClose={() => setOpen(false)} onImported={onImported} testIdPrefix={testIdPrefix} />}
    </>
  );
}

function ImportModal({
  path,
  title,
  columns,
  onClose,
  onImported,
  testIdPrefix,
}: {
  path: string;
  title: string;
  columns: string;
  onClose: () => void;
  onImported: (report: ImportReport) => void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setReport(null);
    try {
      const r = await uploadImport(path, file, dryRun);
      setReport(r);
      if (r.ok && !r.dryRun) onImported(r);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const imported = !!report?.ok && !report.dryRun;
  const problemColumns: TableColumnsType<ImportProblem> = [
    { key: 'row', title: t('importFile.colRow'), width: 70, render: (_, p) => (p.row === 0 ? t('importFile.wholeFile') : p.row) },
    {
      key: 'column',
      title: t('importFile.colColumn'),
      width: 140,
      render: (_, p) => (p.column ? <Typography.Text code>{p.column}</Typography.Text> : t('common.none')),
    },
    { key: 'message', title: t('importFile.colProblem'), dataIndex: 'message' },
  ];

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose} data-testid="import-close">
            {imported ? t('common.close') : t('common.cancel')}
          </Button>
          {!imported && (
            <>
              <Button disabled={!file || !!busy} loading={busy === 'check'} onClick={() => void send(true)} data-testid="import-check">
                {t('importFile.check')}
              </Button>
              <Button type="primary" disabled={!file || !!busy} loading={busy === 'import'} onClick={() => void send(false)} data-testid="import-submit">
                {t('importFile.import')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <div data-testid={`${testIdPrefix}-import-dialog`}>
        <Typography.Paragraph type="secondary">{t('importFile.hint')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('importFile.columns')} <Typography.Text code>{columns}</Typography.Text>
        </Typography.Paragraph>
        {!imported && (
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            maxCount={1}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done', size: file.size }] : []}
            beforeUpload={(f) => {
              setFile(f);
              setReport(null);
              setError(null);
              return false; // sent by the buttons, not on pick
            }}
            onRemove={() => {
              setFile(null);
              setReport(null);
            }}
            data-testid="import-file"
          >
            <Typography.Paragraph style={{ margin: 0 }}>{t('importFile.pick')}</Typography.Paragraph>
            <Typography.Text type="secondary">{t('importFile.formats')}</Typography.Text>
          </Upload.Dragger>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="import-error" />}
        {report?.ok && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="import-result"
            data-dry-run={String(report.dryRun)}
            data-created={report.created}
            data-updated={report.updated}
            data-unchanged={report.unchanged}
            title={report.dryRun ? t('importFile.checked') : t('importFile.imported')}
            description={t('importFile.counts', { created: report.created, updated: report.updated, unchanged: report.unchanged })}
          />
        )}
        {report && !report.ok && (
          <div style={{ marginTop: 12 }}>
            <Alert
              type="error"
              showIcon
              title={report.error?.message ?? t('importFile.rejected')}
              description={t('importFile.nothingWritten')}
              data-testid="import-rejected"
            />
            <Table<ImportProblem>
              style={{ marginTop: 8 }}
              size="small"
              rowKey={(p) => `${p.row}|${p.column ?? ''}|${p.message}`}
              columns={problemColumns}
              dataSource={report.errors}
              pagination={report.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              data-testid="import-problems"
              onRow={(p) => ({ ...testId('import-problem'), 'data-row': p.row, 'data-column': p.column ?? '' }) as never}
            />
          </div>
        )}
      </div>
    </Modal>
  );
}
