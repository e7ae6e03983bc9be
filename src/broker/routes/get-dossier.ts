import { Type } from 'typebox';
import { getDossierJson } from '../dossiers/service.ts';
import { actorOf, type BrokerApp, type BrokerDeps } from '../http/context.ts';
import { dossierPorts } from '../http/ports.ts';
import { brokerResponses } from '../http/responses.ts';
import { DossierOutput } from '../dossiers/schemas/output.ts';

export const DossierParams = Type.Object({ iddossier: Type.String({ description: 'Identifiant du dossier' }) });

export default function route(app: BrokerApp, deps: BrokerDeps) {
  app.get(
    '/dossiers/:iddossier',
    {
      schema: {
        operationId: 'getDossier',
        tags: ['Dossiers'],
        summary: 'Récupérer un dossier (guide §9)',
        description:
          'Forme de sortie du guide : chaque entité porte son identifiant, les emprunteurs leur `numero`, ' +
          'les situations professionnelles sont liées par `numeroemprunteur`. Toute clé documentée est présente ' +
          '(null si inconnue). Le dossier d\'un autre courtier répond exactement comme un dossier inconnu (404).',
        params: DossierParams,
        response: brokerResponses(DossierOutput, { params: true }, true),
      },
    },
    async (request, reply) =>
      reply.type('application/json; charset=utf-8').send(await getDossierJson(dossierPorts(deps), actorOf(request), request.params.iddossier)),
  );
}
