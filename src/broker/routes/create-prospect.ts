import { createProspect } from '../dossiers/service.ts';
import { CreatedResponse, ProspectBody } from '../dossiers/schemas/create.ts';
import { actorOf, type BrokerApp, type BrokerDeps } from '../http/context.ts';
import { dossierPorts } from '../http/ports.ts';
import { brokerResponses } from '../http/responses.ts';

export default function route(app: BrokerApp, deps: BrokerDeps) {
  app.post(
    '/prospect',
    {
      schema: {
        operationId: 'createProspect',
        tags: ['Dossiers'],
        summary: 'Créer un dossier prospect de contact (guide §6)',
        description: 'Accepte aussi application/x-www-form-urlencoded, comme l\'exemple jQuery du guide.',
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: ProspectBody,
        response: brokerResponses(CreatedResponse, { body: true }),
      },
    },
    async (request) => createProspect(dossierPorts(deps), actorOf(request), request.body),
  );
}
