import { updateDossier } from '../dossiers/service.ts';
import { UpdateBody, UpdatedResponse } from '../dossiers/schemas/update.ts';
import { actorOf, type BrokerApp, type BrokerDeps } from '../http/context.ts';
import { dossierPorts } from '../http/ports.ts';
import { DossierParams } from './get-dossier.ts';
import { brokerResponses } from '../http/responses.ts';

export default function route(app: BrokerApp, deps: BrokerDeps) {
  app.put(
    '/dossiers/:iddossier',
    {
      schema: {
        operationId: 'updateDossier',
        tags: ['Dossiers'],
        summary: 'Modifier un dossier (guide §10)',
        description:
          'Upsert entité par entité : identifiant `null` = création, identifiant connu = mise à jour des champs ' +
          'envoyés (un champ absent est conservé, `null` l\'efface), `supprimer: true` = suppression. Les entités ' +
          'non mentionnées sont conservées. Un identifiant qui n\'appartient pas à ce dossier est refusé ' +
          '(Invalid form). Les liens `numero`/`numeroemprunteur*` doivent viser un emprunteur du dossier. ' +
          'Les crédits d\'un bien s\'envoient dans `credits` (tableau, comme l\'exemple) ou `credit` (objet, ' +
          'comme le tableau des champs) ; les simulations dans `simulations` ou `simulation`. Deux modifications ' +
          'simultanées du même dossier s\'appliquent l\'une après l\'autre : aucune n\'est perdue. ' +
          'Un dossier créé comme prospect devient `client: true` à sa première modification par le courtier.',
        params: DossierParams,
        body: UpdateBody,
        response: brokerResponses(UpdatedResponse, { params: true, body: true }, true),
      },
    },
    async (request) =>
      updateDossier(dossierPorts(deps), actorOf(request), request.params.iddossier, request.body),
  );
}
