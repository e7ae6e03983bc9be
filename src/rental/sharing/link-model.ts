import { Type } from 'typebox';
import { isLive, shareUrl, tokenOf, type ShareLinkContext, type ShareLinkRow } from './links.ts';

/** A share link as the partner sees it (an extension of the partner API: DossierFacile shows links to the tenant only). */
export const ShareLinkSchema = Type.Object(
  {
    id: Type.Integer(),
    type: Type.Union([Type.Literal('PARTNER'), Type.Literal('LINK')], { description: 'PARTNER : créé à la liaison du locataire (§1.3) ; LINK : créé par le partenaire.' }),
    fullData: Type.Boolean({ description: 'true : le propriétaire voit les pièces filigranées et le PDF complet ; false : noms, statuts et synthèse seulement.' }),
    title: Type.String(),
    url: Type.String({ description: 'La vue propriétaire, publique : `GET {url}` (JSON).' }),
    status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('EXPIRED'), Type.Literal('REVOKED')]),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    accessCount: Type.Integer({ description: 'Ouvertures de la vue propriétaire.' }),
    lastAccessAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { description: 'Un lien de partage.' },
);

export function shareLinkModel(context: ShareLinkContext, row: ShareLinkRow, now: Date) {
  return {
    id: row.id,
    type: row.link_type,
    fullData: row.full_data,
    title: row.title,
    url: shareUrl(context, tokenOf(context.keys, row)),
    status: row.revoked_at !== null ? 'REVOKED' : isLive(row, now) ? 'ACTIVE' : 'EXPIRED',
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    accessCount: row.access_count,
    lastAccessAt: row.last_access_at?.toISOString() ?? null,
  };
}
