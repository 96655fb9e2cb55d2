import { Form, type FormProps } from 'antd';
import type { ReactNode } from 'react';

type PhoneFormProps<T> = Pick<FormProps<T>, 'form' | 'initialValues' | 'onValuesChange'> & {
  testId: string;
  /** Sends the checked values; the page shows what came of it. */
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
};

/**
 * The form of a report made on the spot, often on a phone (hazard, incident, emergency, permit
 * request): labels above large fields, no required marks, the first field in error scrolled into
 * view.
 */
export function PhoneForm<T>({ testId, onSubmit, children, ...form }: PhoneFormProps<T>) {
  return (
    <Form<T> layout="vertical" size="large" requiredMark={false} scrollToFirstError data-testid={testId} onFinish={(v) => void onSubmit(v)} {...form}>
      {children}
    </Form>
  );
}
