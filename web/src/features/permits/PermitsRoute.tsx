import { useLocation } from '../../router';
import { idOfPath } from '../../shared/operations';
import { AreaBoardPage } from './AreaBoardPage';
import { PermitDetailPage } from './PermitDetailPage';
import { PermitListPage } from './PermitListPage';

/** /permits is the list, /permits/<id> one permit (/permits/new is a route of its own). */
export function PermitsRoute() {
  const { pathname } = useLocation();
  const permitId = idOfPath(pathname, 'permits');
  return permitId ? <PermitDetailPage key={permitId} permitId={permitId} /> : <PermitListPage />;
}

/** /areas/<code>: the permit board an area's or a piece of equipment's QR code opens. */
export function AreaBoardRoute() {
  const { pathname } = useLocation();
  const code = idOfPath(pathname, 'areas') ?? '';
  return <AreaBoardPage key={code} code={code} />;
}
