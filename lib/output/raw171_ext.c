/*
 * raw171_ext.c - raw lines of the MPLS, MAC, latency, observation, VRF,
 * NSEL/NAT, NBAR, payload and pflog elements (1.7.1), and of the elements
 * only 1.7.5+ knows (38-42), which are printed with 1.7.8's labels in
 * 1.7.1's 17-column layout.
 */
#include <arpa/inet.h>
#include <string.h>

#include "output/raw171.h"
#include "util/banned.h"

/* A string element: len bytes at most, up to the first NUL, cut to fit dst. */
static void copy_cstr(char *dst, size_t cap, const void *src, size_t len)
{
	const char *s = src;
	size_t n = 0;

	while (n < len && n + 1 < cap && s[n])
		n++;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Only the labels in use, each as label-exp-bottom. */
void raw_mpls(struct raw_ctx *c)
{
	for (unsigned i = 0; i < 10; i++) {
		uint32_t l = c->r->mpls.label[i];
		char label[16];

		if (!l)
			continue;
		snprintf(label, sizeof(label), "MPLS Lbl %2u", i + 1);
		raw_label(c->ob, label);
		ob_printf(c->ob, "     %8u-%1u-%1u\n", l >> 4, (l & 0xf) >> 1, l & 1);
	}
}

void raw_mac(struct raw_ctx *c)
{
	static const struct { const char *label; size_t off; } macs[] = {
		{ "in src mac", offsetof(struct ex_mac, in_src) },
		{ "out dst mac", offsetof(struct ex_mac, out_dst) },
		{ "in dst mac", offsetof(struct ex_mac, in_dst) },
		{ "out src mac", offsetof(struct ex_mac, out_src) },
	};
	char s[18];

	for (size_t i = 0; i < sizeof(macs) / sizeof(macs[0]); i++) {
		uint64_t v;

		memcpy(&v, (const char *)&c->r->mac + macs[i].off, sizeof(v));
		fmt_mac(s, v);
		raw_label(c->ob, macs[i].label);
		ob_puts(c->ob, s);
		ob_putc(c->ob, '\n');
	}
}

void raw_as_adj(struct raw_ctx *c)
{
	raw_num(c->ob, "bgp next as", c->r->as_adj.next_as, 5);
	raw_num(c->ob, "bgp prev as", c->r->as_adj.prev_as, 5);
}

void raw_latency(struct raw_ctx *c)
{
	const struct ex_latency *l = &c->r->latency;
	const char *labels[] = { "cli latency", "srv latency", "app latency" };
	const uint64_t usec[] = { l->client_usec, l->server_usec, l->appl_usec };

	for (int i = 0; i < 3; i++) {
		raw_label(c->ob, labels[i]);
		ob_spaces(c->ob, 8);
		ob_msec(c->ob, usec[i], 9);
		ob_write(c->ob, " ms\n", 4);
	}
}

void raw_observation(struct raw_ctx *c)
{
	raw_label(c->ob, "obs domainID");
	ob_printf(c->ob, "        0x%05x\n", c->r->observation.domain_id);
	raw_label(c->ob, "obs pointID");
	ob_printf(c->ob, "     0x%010llx\n", (unsigned long long)c->r->observation.point_id);
}

/* Interface and VRF names come from records nfdump reads; none here. */
void raw_vrf(struct raw_ctx *c)
{
	raw_num(c->ob, "ingress VRF", c->r->vrf.ingress_vrf, 10);
	raw_num(c->ob, "egress VRF", c->r->vrf.egress_vrf, 10);
}

/*
 * NSEL and NAT events share one event/time pair in 1.7.1's master record,
 * the element read last wins.  Collectors write one or the other; with
 * both we assume ascending order (as our writer writes): EXnatCommon (25)
 * after EXnselCommon (19), so both lines show the NAT values, named as a
 * NAT event.
 */
struct event171 {
	uint64_t msec;
	unsigned event;
	int firewall;
};

static void event171(const struct flow_record *r, struct event171 *e)
{
	if (flow_has(r, EX_NAT_COMMON)) {
		e->msec = r->nat_common.msec_event;
		e->event = r->nat_common.event;
		e->firewall = 0;
	} else {
		e->msec = r->nsel_common.msec_event;
		e->event = r->nsel_common.fw_event;
		e->firewall = 1;
	}
}

static void raw_event(struct raw_ctx *c, const char *label, const struct event171 *e)
{
	raw_label(c->ob, label);
	ob_spaces(c->ob, 12);
	ob_u64(c->ob, e->event, 5);
	ob_printf(c->ob, ": %s\n", e->firewall ? fmt_fw_event(e->event) : fmt_nat_event(e->event));
}

void raw_nsel_common(struct raw_ctx *c)
{
	const struct ex_nsel_common *n = &c->r->nsel_common;
	struct event171 e;
	char xs[16];

	event171(c->r, &e);
	raw_num(c->ob, "connect ID", n->conn_id, 10);
	raw_event(c, "fw event", &e);
	raw_label(c->ob, "fw ext event");
	ob_spaces(c->ob, 12);
	ob_u64(c->ob, n->fw_xevent, 5);
	ob_printf(c->ob, ": %s\n", fmt_fw_xevent(xs, n->fw_xevent));
	raw_stamp(c, "Event time", e.msec, &c->p->tother);
}

void raw_nat_common(struct raw_ctx *c)
{
	struct event171 e;

	event171(c->r, &e);
	raw_event(c, "nat event", &e);
	raw_stamp(c, "Event time", e.msec, &c->p->tother);
}

static void raw_addr_pair4(struct raw_ctx *c, uint32_t src, uint32_t dst)
{
	char s[FMT_IP_LEN];

	fmt_ip4(s, src);
	raw_text(c->ob, "src xlt ip", s);
	fmt_ip4(s, dst);
	raw_text(c->ob, "dst xlt ip", s);
}

/* The v6 element shares the slot (see v4_slot in raw171.c). */
void raw_nat_xlate4(struct raw_ctx *c)
{
	const struct flow_record *r = c->r;

	if (flow_has(r, EX_NAT_XLATE6))
		raw_addr_pair4(c, (uint32_t)r->nat_xlate6.src.lo, (uint32_t)r->nat_xlate6.dst.lo);
	else
		raw_addr_pair4(c, r->nat_xlate4.src, r->nat_xlate4.dst);
}

void raw_nat_xlate6(struct raw_ctx *c)
{
	char s[FMT_IP_LEN];

	fmt_ip6(s, &c->r->nat_xlate6.src);
	raw_text(c->ob, "src xlt ip", s);
	fmt_ip6(s, &c->r->nat_xlate6.dst);
	raw_text(c->ob, "dst xlt ip", s);
}

void raw_nat_xlate_port(struct raw_ctx *c)
{
	raw_num(c->ob, "src xlt port", c->r->nat_xlate_port.src, 5);
	raw_num(c->ob, "dst xlt port", c->r->nat_xlate_port.dst, 5);
}

/* ACL ids are stored as they came off the wire; 1.7.1 converts with ntohl. */
void raw_nsel_acl(struct raw_ctx *c)
{
	const struct ex_nsel_acl *a = &c->r->nsel_acl;

	raw_label(c->ob, "Ingress ACL");
	ob_printf(c->ob, "      0x%x/0x%x/0x%x\n", ntohl(a->ingress[0]),
		  ntohl(a->ingress[1]), ntohl(a->ingress[2]));
	raw_label(c->ob, "Egress ACL");
	ob_printf(c->ob, "      0x%x/0x%x/0x%x\n", ntohl(a->egress[0]),
		  ntohl(a->egress[1]), ntohl(a->egress[2]));
}

void raw_nsel_user(struct raw_ctx *c)
{
	char name[sizeof(c->r->nsel_user.username) + 1];

	copy_cstr(name, sizeof(name), c->r->nsel_user.username,
		  sizeof(c->r->nsel_user.username));
	raw_label(c->ob, "username");
	ob_printf(c->ob, "      %s\n", name);
}

void raw_nat_port_block(struct raw_ctx *c)
{
	const struct ex_nat_port_block *b = &c->r->nat_port_block;

	raw_num(c->ob, "pblock start", b->start, 5);
	raw_num(c->ob, "pblock end", b->end, 5);
	raw_num(c->ob, "pblock step", b->step, 5);
	raw_num(c->ob, "pblock size", b->size, 5);
}

/*
 * Application id: first byte the classification engine; engine 20 is a
 * PEN (4 bytes, big-endian) and a selector, others a selector only.  The
 * selector accumulates big-endian in 32 bits.  1.7.1 drops ids longer
 * than 15 bytes (prints engine 0, selector 0) and has no names without
 * the file's NBAR records.
 */
void raw_nbar(struct raw_ctx *c)
{
	const struct flow_bytes *nb = &c->r->nbar;
	uint8_t id[16] = { 0 };
	size_t len = nb->len <= 15 ? nb->len : 0;
	uint32_t sel = 0;

	if (len)
		memcpy(id, nb->ptr, len);
	raw_label(c->ob, "app ID");
	if (id[0] == 20) {
		uint32_t pen = (uint32_t)id[1] << 24 | (uint32_t)id[2] << 16 |
			       (uint32_t)id[3] << 8 | id[4];

		for (size_t i = 5; i < len; i++)
			sel = sel << 8 | id[i];
		ob_printf(c->ob, "            %2u..%u..%u: <no info>\n", id[0], pen, sel);
		return;
	}
	for (size_t i = 1; i < len; i++)
		sel = sel << 8 | id[i];
	ob_printf(c->ob, "            %2u..%u: <no info>\n", id[0], sel);
}

/* nfdump's hex dump: 16 bytes a row, a gap after 8, then the text. */
static void hexdump(struct obuf *ob, const uint8_t *d, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char ascii[17];

	for (size_t i = 0; i < n; i++) {
		size_t col = (i + 1) % 16;
		char h[3] = { hex[d[i] >> 4], hex[d[i] & 15], ' ' };

		ob_write(ob, h, 3);
		ascii[i % 16] = d[i] >= ' ' && d[i] <= '~' ? (char)d[i] : '.';
		if ((i + 1) % 8 != 0 && i + 1 != n)
			continue;
		ob_putc(ob, ' ');
		if (col == 0) {
			ascii[16] = '\0';
		} else if (i + 1 == n) {
			ascii[col] = '\0';
			if (col <= 8)
				ob_putc(ob, ' ');
			for (size_t j = col; j < 16; j++)
				ob_write(ob, "   ", 3);
		} else {
			continue;
		}
		ob_printf(ob, "|  %s \n", ascii);
	}
}

/* Printable ASCII (and tab, CR, LF) payloads are shown as text too. */
static int is_text(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((d[i] < ' ' || d[i] > '~') && d[i] != '\n' && d[i] != '\r' && d[i] != '\t')
			return 0;
	}
	return 1;
}

/*
 * Length, DNS decode (port 53), the text if printable, the hex dump.
 * Not reproduced: the JA3 hash 1.7.1 prints for a TLS hello.
 */
static void raw_payload(struct raw_ctx *c, const char *label, const struct flow_bytes *b)
{
	const struct ex_generic *g = &c->r->generic;

	raw_num(c->ob, label, b->len, 10);
	if (g->src_port == 53 || g->dst_port == 53)
		dns171_print(c->ob, g->proto, b->ptr, b->len);
	if (is_text(b->ptr, b->len)) {
		ob_write(c->ob, (const char *)b->ptr, b->len);
		ob_putc(c->ob, '\n');
	}
	hexdump(c->ob, b->ptr, b->len);
}

void raw_in_payload(struct raw_ctx *c)
{
	raw_payload(c, "in payload", &c->r->in_payload);
}

void raw_out_payload(struct raw_ctx *c)
{
	raw_payload(c, "out payload", &c->r->out_payload);
}

void raw_pfinfo(struct raw_ctx *c)
{
	static const char *const reasons[] = {
		"match", "bad-offset", "fragment", "short", "normalize",
		"memory)", "bad-timestamp", "congestion", "ip-option", "proto-cksum",
		"state-mismatch", "state-insert", "state-limit", "src-limit", "synproxy",
	};
	const struct ex_pfinfo *pf = &c->r->pfinfo;
	char ifname[16];	/* 1.7.1 keeps 15 characters */
	struct obuf *ob = c->ob;

	copy_cstr(ifname, sizeof(ifname), c->r->pf_ifname.ptr, c->r->pf_ifname.len);
	raw_label(ob, "pflog ifname");
	ob_printf(ob, "         %8s\n", ifname);
	raw_label(ob, "pflog action");
	ob_printf(ob, "            %5s\n", pf->action ? "block" : "pass");
	raw_label(ob, "pflog reason");
	ob_printf(ob, "            %5u/%s\n", pf->reason,
		  pf->reason < sizeof(reasons) / sizeof(reasons[0]) ? reasons[pf->reason] : "<unknown>");
	raw_label(ob, "pflog direct");
	ob_printf(ob, "            %5s\n", pf->dir ? "in" : "out");
	raw_num(ob, "pflog rulenr", pf->rulenr, 5);
}

/* --- 1.7.5+ elements, 1.7.8's lines one column narrower --- */

void raw_layer2(struct raw_ctx *c)
{
	const struct ex_layer2 *l = &c->r->layer2;

	raw_num(c->ob, "vlanID", l->vlan_id, 5);
	raw_num(c->ob, "post vlanID", l->post_vlan_id, 5);
	raw_num(c->ob, "custID", l->customer_vlan_id, 5);
	raw_num(c->ob, "post custID", l->post_customer_vlan_id, 5);
	raw_num(c->ob, "ingress IfID", l->phys_ingress, 10);
	raw_num(c->ob, "egress IfID", l->phys_egress, 10);
	raw_label(c->ob, "ethertype");
	ob_printf(c->ob, "           0x%04x\n", l->ether_type);
	if (l->ip_version)
		raw_num(c->ob, "IP version", l->ip_version, 5);
}

void raw_flow_id(struct raw_ctx *c)
{
	raw_label(c->ob, "flow ID");
	ob_printf(c->ob, "%#17llx\n", (unsigned long long)c->r->flow_id.flow_id);
}

void raw_nokia_nat(struct raw_ctx *c)
{
	raw_num(c->ob, "inServiceID", c->r->nokia_nat.in_service_id, 5);
	raw_num(c->ob, "outServiceID", c->r->nokia_nat.out_service_id, 5);
}

void raw_nokia_nat_string(struct raw_ctx *c)
{
	const struct flow_bytes *b = &c->r->nokia_nat_string;
	char s[256];

	copy_cstr(s, sizeof(s), b->ptr, b->len);
	raw_label(c->ob, "nat String");
	ob_printf(c->ob, "%-18s\n", s);
}

/* 1.7.8 labels both TTL lines "ip minTTL"; copied as printed. */
void raw_ipinfo(struct raw_ctx *c)
{
	const struct ex_ipinfo *ip = &c->r->ipinfo;

	if (ip->frag_flags) {
		raw_label(c->ob, "ip fragment");
		ob_printf(c->ob, "             0x%.2x %s %s\n", ip->frag_flags,
			  ip->frag_flags & 0x40 ? "DF" : "  ", ip->frag_flags & 0x20 ? "MF" : "  ");
	}
	if (ip->min_ttl || ip->max_ttl) {
		raw_num(c->ob, "ip minTTL", ip->min_ttl, 5);
		raw_num(c->ob, "ip minTTL", ip->max_ttl, 5);
	}
}
