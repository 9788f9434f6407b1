/** CDRs, Sender interface (mod_cdrs.asciidoc): the list of the requester's customers' CDRs, oldest first. */
import type { CpoService } from '../cpo/service';
import { selectPage } from '../paging';
import type { ModuleHandler } from '../request';
import { methodNotAllowed, notFound } from '../status';
import { requesterOf } from './requester';

export function cdrsModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (req.path.length > 0) throw notFound(`no object at cdrs/${req.path.join('/')}: CDRs are only listed`);
    if (req.method !== 'GET') throw methodNotAllowed(`${req.method} is not allowed on our cdrs: only GET`);
    return { page: selectPage(service.cdrsFor(requesterOf(req)), req.pageQuery(), (c) => c.last_updated as string) };
  };
}
