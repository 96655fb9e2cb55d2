import { byId, byQuery, client, dataOf, type Body, type Ok, type Query, type Schemas } from '../../shared/api/client';
import { CertificateStatusValues, CertificateTypeValues } from '../../shared/api/values';
import type { CertificateType, CertificateStatus } from '../../shared/api/types';

export type CertificateView = Schemas['Certificate'];
export type { CertificateType, CertificateStatus };
export type CertificateFilter = Query<'listCertificates'>;
export type NewCertificate = Body<'createCertificate'>;
export type CertificateChange = Body<'updateCertificate'>;
export type CertificateRevoked = Ok<'revokeCertificate'>;

export const CERTIFICATE_TYPES = CertificateTypeValues;
export const CERTIFICATE_STATUSES = CertificateStatusValues;

/** The columns of a certificates file (api/certificates/schemas.ts CERTIFICATE_COLUMNS). */
export const CERTIFICATE_COLUMNS = 'employeeNo, type, number, issued, expiry, review';

export const listCertificates = (filter: CertificateFilter) => dataOf(client.GET('/api/certificates', byQuery(filter)));

export const createCertificate = (body: NewCertificate) => dataOf(client.POST('/api/certificates', { body }));

export const updateCertificate = (certificateId: string, body: CertificateChange) =>
  dataOf(client.PATCH('/api/certificates/{id}', { ...byId(certificateId), body }));

export const revokeCertificate = (certificateId: string, reason: string) =>
  dataOf(client.POST('/api/certificates/{id}/revoke', { ...byId(certificateId), body: { reason } }));
