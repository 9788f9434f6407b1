/**
 * Mounts the CPO's functional modules on our OCPI router: the Sender interfaces partners pull from (locations,
 * sessions, cdrs, tariffs) and the Receiver interfaces they push to (tokens, commands, chargingprofiles,
 * hubclientinfo). Credentials is mounted by
 * lib/ocpi/credentials.ts.
 */
import type { CpoService } from '../cpo/service';
import type { OcpiRouter } from '../router';
import { cdrsModule } from './cdrs';
import { chargingProfilesModule } from './chargingprofiles';
import { commandsModule } from './commands';
import { hubClientInfoModule } from './hubclientinfo';
import { locationsModule } from './locations';
import { sessionsModule } from './sessions';
import { tariffsModule } from './tariffs';
import { tokensModule } from './tokens';

export function registerCpoModules(router: OcpiRouter, service: CpoService): OcpiRouter {
  return router
    .module('locations', 'SENDER', locationsModule(service))
    .module('sessions', 'SENDER', sessionsModule(service))
    .module('cdrs', 'SENDER', cdrsModule(service))
    .module('tariffs', 'SENDER', tariffsModule(service))
    .module('tokens', 'RECEIVER', tokensModule(service))
    .module('commands', 'RECEIVER', commandsModule(service))
    .module('chargingprofiles', 'RECEIVER', chargingProfilesModule(service))
    .module('hubclientinfo', 'RECEIVER', hubClientInfoModule(service));
}
