import { Button, Form, Space, type FormListFieldData } from 'antd';
import type { ComponentProps, ReactNode } from 'react';

type ListRules = NonNullable<ComponentProps<typeof Form.List>['rules']>;
import { useTranslation } from 'react-i18next';

/** The look of one row of a list field, and of an input inside it. */
export const rowStyle = { border: '1px solid #f0f0f0', borderRadius: 8, padding: 8 } as const;
export const rowItemStyle = { marginBottom: 8 } as const;

/** A rule for a list field: at least one row, with `message` otherwise (none when not `required`). */
export function atLeastOneRow(required: boolean, message: () => string): ListRules {
  return required
    ? [
        {
          validator: (_r: unknown, rows: unknown[] | undefined) => (rows?.length ? Promise.resolve() : Promise.reject(new Error(message()))),
        },
      ]
    : [];
}

/**
 * A task form field of rows (`[name, i, column]`): each row a bordered box `${testId}-${i}` with
 * a "Remove" button (`${testId}-${i}-remove`), below them "+ addLabel" (`${testId}-add`) while
 * fewer than `max`, then the list's errors. `children` draws a row's inputs and places its remove
 * button.
 */
export function RowsField({
  name,
  label,
  help,
  required,
  testId,
  initialValue,
  rules,
  max,
  addLabel,
  addDisabled,
  newRow = () => ({}),
  empty,
  children,
}: {
  name: string;
  label: string;
  help?: ReactNode;
  required?: boolean;
  testId: string;
  initialValue: Record<string, unknown>[];
  rules?: ListRules;
  max: number;
  addLabel: string;
  addDisabled?: boolean;
  newRow?: () => Record<string, unknown>;
  /** Shown when there is no row. */
  empty?: ReactNode;
  children: (row: FormListFieldData, i: number, removeButton: ReactNode) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required={required} extra={help}>
      <div data-testid={testId}>
        <Form.List name={name} initialValue={initialValue} rules={rules}>
          {(rows, { add, remove }, { errors }) => (
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              {rows.length === 0 && empty}
              {rows.map((row, i) => (
                <div key={row.key} data-testid={`${testId}-${i}`} style={rowStyle}>
                  {children(
                    row,
                    i,
                    <Button size="small" danger type="link" onClick={() => remove(row.name)} data-testid={`${testId}-${i}-remove`} style={{ paddingInline: 0 }}>
                      {t('completeModal.actionsRemove')}
                    </Button>,
                  )}
                </div>
              ))}
              {rows.length < max && (
                <Button type="dashed" block onClick={() => add(newRow())} data-testid={`${testId}-add`} disabled={addDisabled}>
                  + {addLabel}
                </Button>
              )}
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
      </div>
    </Form.Item>
  );
}
