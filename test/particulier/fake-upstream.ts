import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUpstream {
  url: string;
  requests: { method: string; url: string; authorization: string | undefined; body: string }[];
  /**
   * Holds every call for this birth name, unanswered, until the returned function is called (or
   * `maxMs` has passed: a test whose expectation fails then fails on it instead of hanging).
   */
  hold(name: string, maxMs?: number): () => void;
  close(): Promise<void>;
}

const QF_DATA = {
  quotient_familial: { fournisseur: 'CNAF', valeur: 2550, annee: 2024, mois: 2, annee_calcul: 2024, mois_calcul: 3 },
  allocataires: [{ nom_naissance: 'DUBOIS', nom_usage: null, prenoms: 'ANGELA', date_naissance: '1962-08-24', sexe: 'F' }],
  enfants: [],
  adresse: {
    destinataire: 'Madame DUBOIS ANGELA',
    complement_information: null,
    complement_information_geographique: null,
    numero_libelle_voie: '3 RUE DES ROSES',
    lieu_dit: null,
    code_postal_ville: '75007 PARIS',
    pays: 'FRANCE',
  },
};

const STUDENT = {
  identite: { nom: 'DUBOIS', prenoms: ['Angela'], date_naissance: '1962-08-24', nom_commune_naissance: 'Paris', sexe: 'F' },
  email: 'angela@example.fr',
  est_boursier: true,
  echelon_bourse: { echelon: '2', echelon_bourse_regionale_provisoire: false },
  periode_versement_bourse: { date_rentree: '2024-09-01', duree: 10 },
  etablissement_etudes: { nom_commune: 'Paris', nom_etablissement: 'Sorbonne' },
};

/**
 * A stand-in for the real API Particulier (and FranceConnect's checktoken), started inside the test:
 * the birth name picks the behaviour (LENT is slow, PANNE answers HTML, QUOTA answers 429…).
 */
export async function startFakeUpstream(options: { delayMs?: number } = {}): Promise<FakeUpstream> {
  const requests: FakeUpstream['requests'] = [];
  const held = new Map<string, Promise<void>>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const url = new URL(req.url!, 'http://upstream');
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && url.pathname === '/checktoken') {
        const token = new URLSearchParams(body).get('token');
        if (token === 'fc-angela') {
          return json(200, {
            token_introspection: {
              active: true,
              scope: 'openid identite_pivot cnous_email cnous_statut_boursier',
              family_name: 'DUBOIS',
              given_name: 'Angela',
              birthdate: '1962-08-24',
              gender: 'female',
              birthplace: '75107',
              birthcountry: '99100',
            },
          });
        }
        if (token === 'fc-ants') {
          return json(200, {
            token_introspection: {
              active: true,
              scope: 'openid identite_pivot ants_extrait_immatriculation_vehicule_statut_rattachement',
              family_name: 'DUBOIS',
              given_name: 'Angela',
              birthdate: '1962-08-24',
              gender: 'female',
              birthplace: '75107',
              birthcountry: '99100',
            },
          });
        }
        if (token === 'fc-broken') {
          res.writeHead(500);
          return res.end('oops');
        }
        if (token === 'fc-malformed') return json(400, { error: 'invalid_request' });
        return json(401, { error: 'invalid_client' });
      }
      const name = url.searchParams.get('nomNaissance');
      const answer = () => {
        if (name === 'PANNE') {
          res.writeHead(500, { 'content-type': 'text/html' });
          return res.end('<h1>Oops</h1>');
        }
        if (name === 'MAINTENANCE') return json(503, { errors: [{ code: '37001', title: 'Service non disponible', detail: '…' }] });
        if (name === 'QUOTA') return json(429, { errors: [{ code: '00429', title: 'Trop de requêtes', detail: '…' }] });
        if (name === 'ABSENT') {
          return json(404, { errors: [{ code: '37003', title: 'Entité non trouvée', detail: 'Dossier allocataire inexistant.', source: null, meta: { provider: 'CNAV' } }] });
        }
        if (url.pathname === '/v3/dss/quotient_familial/identite') return json(200, { data: QF_DATA, links: {}, meta: {} });
        if (url.pathname === '/v3/cnous/etudiant_boursier/identite') return json(200, { data: STUDENT, links: {}, meta: {} });
        if (url.pathname === '/v3/ants/extrait_immatriculation_vehicule/france_connect') {
          return json(200, { data: { statut_rattachement: 'titulaire', identite_particulier: { nom: 'DUBOIS' } }, links: {}, meta: {} });
        }
        if (url.pathname === '/v3/cnous/etudiant_boursier/ine') return json(200, { unexpected: true });
        return json(404, { errors: [{ code: '00404', title: 'x', detail: 'y' }] });
      };
      const gate = name === null ? undefined : held.get(name);
      const delay = name === 'LENT' ? 1_000 : (options.delayMs ?? 0);
      if (gate) void gate.then(answer);
      else if (delay) setTimeout(answer, delay);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hold(name, maxMs = 15_000) {
      let release!: () => void;
      held.set(name, new Promise<void>((resolve) => (release = resolve)));
      const timer = setTimeout(() => open(), maxMs);
      const open = () => {
        clearTimeout(timer);
        held.delete(name);
        release();
      };
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
