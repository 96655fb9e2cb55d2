import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';

/**
 * Labels of things the processes define (task types, form fields, options, process types), from
 * i18n keys with the raw name as fallback, so a new task type is usable before it is translated.
 */
export function useTaskLabels() {
  const { t } = useTranslation();
  const label = useLabel();
  return {
    /** The verb on the button that completes a task: Acknowledge, Approve, Verify… */
    action: useCallback((taskType: string) => label(`taskAction.${taskType}`, t('inbox.complete')), [label, t]),
    field: useCallback((taskType: string, field: string) => label(`taskForm.${taskType}.${field}`, field), [label]),
    option: useCallback(
      (taskType: string, field: string, option: string) => label([`taskOption.${taskType}.${field}.${option}`, `taskOption.${option}`], option),
      [label],
    ),
    /** The name of a task type ("Grade hazard"), or '' when it has none. */
    taskType: useCallback((taskType: string) => label(`taskType.${taskType}`, ''), [label]),
    process: useCallback((processType: string) => label(`process.${processType}`, processType), [label]),
  };
}
