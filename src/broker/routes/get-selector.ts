import { Type } from 'typebox';
import { BrokerError } from '../errors.ts';
import { listSelectorNames, selectorOptions } from '../selectors/catalogue.ts';
import type { BrokerApp } from '../http/context.ts';
import { brokerResponses } from '../http/responses.ts';

const SelectorOutput = Type.Object({
  options: Type.Array(Type.String(), { description: 'Libellés, dans l\'ordre du guide (listes énumérées) ou alphabétique (listes générées).' }),
  selected: Type.Optional(Type.String({ description: 'L\'option présélectionnée, quand le sélecteur en a une (France, Française).' })),
});

export default function route(app: BrokerApp) {
  app.get(
    '/selecteurs/:nomselecteur',
    {
      schema: {
        operationId: 'getSelector',
        tags: ['Sélecteurs'],
        summary: 'Options d\'un sélecteur (guide §17)',
        description: `Sélecteurs : ${listSelectorNames().join(', ')}. \`debut\` filtre par début de libellé, sans tenir compte de la casse ni des accents.`,
        params: Type.Object({ nomselecteur: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ debut: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: brokerResponses(SelectorOutput, { params: true, query: true }, true),
      },
    },
    async (request) => {
      const result = selectorOptions(request.params.nomselecteur, request.query.debut);
      if (!result) throw new BrokerError('REQUEST_NOT_FOUND');
      return result;
    },
  );
}
