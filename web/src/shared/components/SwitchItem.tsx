import { Form, Switch } from 'antd';
import type { ReactNode } from 'react';

/** A yes/no field of a form, shown as a switch: the form's value is a boolean. */
export function SwitchItem({ name, label, extra, testId }: { name: string; label: ReactNode; extra?: ReactNode; testId: string }) {
  return (
    <Form.Item name={name} label={label} extra={extra} valuePropName="checked">
      <Switch data-testid={testId} />
    </Form.Item>
  );
}
