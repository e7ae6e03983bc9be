-- Every statement that changes a table a `/profile` answer is rendered from notifies the channel
-- `foyer_rental_profiles` (an empty payload: PostgreSQL folds the identical notifications of one
-- transaction into one, delivered to the listeners when, and only if, the transaction commits).
-- With PostgreSQL each server process keeps rendered profiles and drops them all on a notification
-- (`src/rental/http/profile-listener.ts`): a trigger reaches every writer, whichever process,
-- command or worker it is, and whatever handle it writes through. The webhook outbox and the other
-- tables no profile shows are left out, so their writes do not clear the caches.
create function rental.notify_profile_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('foyer_rental_profiles', '');
  return null;
end
$$;

create trigger profile_change after insert or update or delete or truncate on rental.tenants for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.apartment_sharings for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.tenant_partners for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.guarantors for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.documents for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.files for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.document_denied_reasons for each statement execute function rental.notify_profile_change();
create trigger profile_change after insert or update or delete or truncate on rental.share_links for each statement execute function rental.notify_profile_change();
