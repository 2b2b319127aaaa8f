import { Alert } from 'design-react-kit';
import type { ApiError } from './api';
import { useI18n } from './i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="d-flex align-items-center my-4" role="status">
      <div className="progress-spinner progress-spinner-active size-sm me-2" aria-hidden="true" />
      <span>{t('common.loading')}</span>
    </div>
  );
}

/** A failed request, in words: the api's own message for known codes, a generic one otherwise. */
export function ErrorMessage({ error }: { error: ApiError }) {
  const { t } = useI18n();
  const text =
    error.code === 'NETWORK' || error.code === 'API_UNREACHABLE' ? t('common.unreachable') : error.message;
  return (
    <Alert color="danger" role="alert">
      {text}
    </Alert>
  );
}
