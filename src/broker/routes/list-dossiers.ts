import { Type } from 'typebox';
import { Readable } from 'node:stream';
import { listPageJson, streamAllDossiers } from '../dossiers/list.ts';
import { actorOf, type BrokerApp, type BrokerDeps } from '../http/context.ts';
import { dossierPorts } from '../http/ports.ts';
import { brokerResponses } from '../http/responses.ts';
import { DossierListOutput } from '../dossiers/schemas/output.ts';

const ListQuery = Type.Object(
  {
    pageIndex: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Page (de 1 à n), défaut 1' })),
    nbItems: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Taille de page ; absent = tous les dossiers' })),
    orderBy: Type.Optional(Type.Union([Type.Literal('datecreation'), Type.Literal('datedernieremodification')], {
      description: 'Tri décroissant ; défaut datecreation',
    })),
  },
  { additionalProperties: false },
);

export default function route(app: BrokerApp, deps: BrokerDeps) {
  app.get(
    '/dossiers',
    {
      schema: {
        operationId: 'listDossiers',
        tags: ['Dossiers'],
        summary: 'Liste des dossiers du courtier (guide §8)',
        description:
          'Du plus récent au plus ancien. `datecreation` est au format dd/mm/yyyy, `datedernieremodification` ' +
          'dd/mm/yyyy HH:MM (heure de Paris). `client` vaut false pour un dossier créé par /prospect ou ' +
          '/prospectcomplet, true dès que le courtier l\'a modifié (PUT). `avancement` est le pourcentage ' +
          'des six sections indispensables remplies (emprunteurs, situation professionnelle de chacun, projet, ' +
          'situation bancaire, souhaits client, simulation) ; `etape` nomme la première section manquante, ' +
          'ou "Dossier complet".',
        querystring: ListQuery,
        response: brokerResponses(DossierListOutput, { query: true }),
      },
    },
    async (request, reply) => {
      const ports = dossierPorts(deps);
      const actor = actorOf(request);
      const { nbItems } = request.query;
      reply.type('application/json; charset=utf-8');
      if (nbItems === undefined) return reply.send(Readable.from(streamAllDossiers(ports, actor, request.query)));
      return reply.send(await listPageJson(ports, actor, { ...request.query, nbItems }));
    },
  );
}
