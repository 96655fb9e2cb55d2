import type { ButtonProps, FormInstance, ModalProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from './hooks';

export interface FormDialogOptions {
  onClose: () => void;
  /** The text above (or under) the form for an error of the submit; default: the error in words. */
  errorOf?: (err: unknown) => string | null;
  /** The OK button's test id. */
  okTestId?: string;
  okButtonProps?: ButtonProps;
}

export interface FormDialog {
  /** Validates the form (antd shows the messages on the fields), then runs the submit, busy meanwhile. */
  submit: () => Promise<void>;
  busy: boolean;
  /** The last submit's error, in words; cleared by the next submit. */
  error: string | null;
  setError: (error: string | null) => void;
  /** The dialog's usual Modal props: open, Cancel, OK runs `submit` and spins while busy, closed dialogs are dropped. */
  modalProps: ModalProps;
}

/** The form-dialog skeleton: validate → submit with the values → busy → an error shown on the dialog. */
export function useFormDialog<V>(
  form: FormInstance<V>,
  run: (values: V) => Promise<void>,
  { onClose, errorOf, okTestId, okButtonProps }: FormDialogOptions,
): FormDialog {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await run(values);
    } catch (err) {
      setError((errorOf ?? errorText)(err));
    } finally {
      setBusy(false);
    }
  };
  const modalProps: ModalProps = {
    open: true,
    cancelText: t('common.cancel'),
    onOk: () => void submit(),
    onCancel: onClose,
    confirmLoading: busy,
    okButtonProps: { ...okButtonProps, ...(okTestId ? ({ 'data-testid': okTestId } as ButtonProps) : {}) },
    destroyOnHidden: true,
  };
  return { submit, busy, error, setError, modalProps };
}
