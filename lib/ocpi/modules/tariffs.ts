/** Tariffs, Sender interface (mod_tariffs.asciidoc): the park's tariffs, the same for every partner. */
import type { CpoService } from '../cpo/service';
import { selectPage } from '../paging';
import type { ModuleHandler } from '../request';
import { methodNotAllowed, notFound } from '../status';

export function tariffsModule(service: CpoService): ModuleHandler {
  return (req) => {
    if (req.path.length > 0) throw notFound(`no object at tariffs/${req.path.join('/')}: tariffs are only listed`);
    if (req.method !== 'GET') throw methodNotAllowed(`${req.method} is not allowed on our tariffs: only GET`);
    return { page: selectPage(service.tariffs(), req.pageQuery(), (t) => t.last_updated) };
  };
}
