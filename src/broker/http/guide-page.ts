import { BROKER_ERRORS } from '../errors.ts';
import { TOKEN_HEADER } from './auth.ts';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The page every error's `apiguide` links to, with the anchors the CREDITEO guide uses
 * (#prerequis, #auth, #erreurs). The error table is generated from the catalogue itself.
 */
export function guidePage(prefix: string): string {
  const rows = Object.values(BROKER_ERRORS)
    .map((e) => `<tr><td>${e.status}</td><td><code>${escape(e.message)}</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Foyer — guide de l'API courtier</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body>
<h1>API courtier compatible CREDITEO</h1>
<p>Référence complète et interactive : <a href="/docs">/docs</a> (document OpenAPI : <a href="${prefix}/openapi.json">${prefix}/openapi.json</a>).</p>
<h2 id="prerequis">Prérequis : HTTPS et CORS</h2>
<p>Une requête envoyée par un navigateur porte l'en-tête <code>Origin</code> : elle est acceptée seulement si cette origine
est déclarée sur votre clé ; sinon la réponse est <code>428 CORS not enabled.</code> Une requête sans <code>Origin</code>
(de serveur à serveur) est acceptée. Le pré-vol <code>OPTIONS</code> est accepté pour toute origine déclarée sur une clé active.</p>
<h2 id="auth">Authentification</h2>
<p>Envoyez votre clé dans l'en-tête <code>${TOKEN_HEADER.toUpperCase()}</code>. Une clé absente, inconnue ou révoquée
reçoit <code>404 API KEY not found.</code></p>
<h2 id="erreurs">Erreurs</h2>
<p>Toute erreur a le corps <code>{"error": message, "apiguide": lien, "code": statut}</code>, et, quand des champs sont
en cause, <code>details</code> : la liste des champs fautifs par chemin JSON (<code>$.emprunteurs[0].email</code>) avec un message.</p>
<table><tr><th>Statut</th><th>Message</th></tr>
${rows}
</table>
</body></html>`;
}
