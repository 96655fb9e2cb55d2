import { useLocation } from '../../router';
import { idOfPath } from '../../shared/operations';
import { IncidentDetailPage } from './IncidentDetailPage';
import { IncidentListPage } from './IncidentListPage';

/** /incidents is the list, /incidents/<id> one incident (/incidents/new and /incidents/receipt are routes of their own). */
export function IncidentsRoute() {
  const { pathname } = useLocation();
  const incidentId = idOfPath(pathname, 'incidents');
  return incidentId ? <IncidentDetailPage key={incidentId} incidentId={incidentId} /> : <IncidentListPage />;
}
