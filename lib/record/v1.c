/* Placeholder until the layout-1 converter lands: every call fails cleanly. */
#include "record/v1.h"

int flow_v1_maps_new(struct flow_v1_maps **out, struct flow_err *err)
{
	*out = NULL;
	return flow_errorf(err, FLOW_EUNSUPPORTED, "layout-1 records not supported yet");
}

void flow_v1_maps_free(struct flow_v1_maps *m)
{
	(void)m;
}

int flow_v1_map_add(struct flow_v1_maps *m, const uint8_t *rec, size_t len,
		    struct flow_err *err)
{
	(void)m; (void)rec; (void)len;
	return flow_errorf(err, FLOW_EUNSUPPORTED, "layout-1 records not supported yet");
}

int flow_record_decode_v1(struct flow_record *r, const struct flow_v1_maps *m,
			  const uint8_t *rec, size_t len, struct flow_err *err)
{
	(void)r; (void)m; (void)rec; (void)len;
	return flow_errorf(err, FLOW_EUNSUPPORTED, "layout-1 records not supported yet");
}
