import type { RentalDb } from '../db.ts';
import { touchTenant } from '../tenants/recompute.ts';
import { jacksonLocalDateTime } from '../tenants/local-date-time.ts';

/** `MessageModel` (§3.2.3). */
export interface MessageModel {
  id: number;
  creationDateTime: string;
  messageBody: string;
  typeMessage: 'FROM_TENANT' | 'TO_TENANT';
  status: 'READ' | 'UNREAD';
}

type Row = { id: number; creation_date_time: Date; message_body: string; type_message: string; status: string };
const model = (r: Row): MessageModel => ({
  id: r.id,
  creationDateTime: jacksonLocalDateTime(r.creation_date_time),
  messageBody: r.message_body,
  typeMessage: r.type_message as MessageModel['typeMessage'],
  status: r.status as MessageModel['status'],
});

/** Operators write HTML; a partner's text is shown inside it, so its angle brackets are escaped (§3.2.3). */
export const escapeAngles = (text: string) => text.replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function listMessages(db: RentalDb, tenantId: number): Promise<MessageModel[]> {
  const rows = await db.selectFrom('rental.messages').selectAll().where('tenant_id', '=', tenantId).orderBy('creation_date_time', 'desc').orderBy('id', 'desc').execute();
  return rows.map(model);
}

/**
 * A message from the tenant. Side effect of §7.2: every DECLINED document of the tenant and of its
 * guarantors goes back to TO_PROCESS, and the status is recomputed (DECLINED → TO_PROCESS).
 */
export async function postMessage(db: RentalDb, tenantId: number, body: string, now: Date): Promise<MessageModel> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('rental.messages')
      .values({ tenant_id: tenantId, message_body: escapeAngles(body), type_message: 'FROM_TENANT', status: 'UNREAD', creation_date_time: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const guarantors = trx.selectFrom('rental.guarantors').select('id').where('tenant_id', '=', tenantId);
    await trx
      .updateTable('rental.documents')
      .set({ document_status: 'TO_PROCESS' })
      .where('document_status', '=', 'DECLINED')
      .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('guarantor_id', 'in', guarantors)]))
      .execute();
    await touchTenant(trx, tenantId, now);
    return model(row);
  });
}

/** Marks the messages to the tenant as READ and answers them. */
export async function markRead(db: RentalDb, tenantId: number): Promise<MessageModel[]> {
  const rows = await db
    .updateTable('rental.messages')
    .set({ status: 'READ' })
    .where('tenant_id', '=', tenantId)
    .where('type_message', '=', 'TO_TENANT')
    .returningAll()
    .execute();
  return rows.sort((a, b) => b.id - a.id).map(model);
}
