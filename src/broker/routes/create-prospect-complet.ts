import { createProspectComplet } from '../dossiers/service.ts';
import { CreatedResponse, ProspectCompletBody } from '../dossiers/schemas/create.ts';
import { actorOf, type BrokerApp, type BrokerDeps } from '../http/context.ts';
import { dossierPorts } from '../http/ports.ts';
import { brokerResponses } from '../http/responses.ts';

export default function route(app: BrokerApp, deps: BrokerDeps) {
  app.post(
    '/prospectcomplet',
    {
      schema: {
        operationId: 'createProspectComplet',
        tags: ['Dossiers'],
        summary: 'Créer un dossier prospect complet (guide §7)',
        body: ProspectCompletBody,
        response: brokerResponses(CreatedResponse, { body: true }),
      },
    },
    async (request) => createProspectComplet(dossierPorts(deps), actorOf(request), request.body),
  );
}
