-- Messages between the tenant and the operators (§3.2.3): FROM_TENANT ones are posted by partners.
create table rental.messages (
  id serial primary key,
  tenant_id integer not null references rental.tenants (id) on delete cascade,
  message_body text not null,
  type_message text not null,
  status text not null default 'UNREAD',
  creation_date_time timestamptz not null default now()
);
create index messages_by_tenant on rental.messages (tenant_id, id);
