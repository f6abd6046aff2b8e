/* generated from tests/codegen/sample.idl - do not edit */
#include "sample.h"

enum erix_status sample_add(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_add_req *req, struct sample_add_rep *rep)
{
	enum erix_status st = sample_add_req_encode(req, msg);
	if (st != ERIX_OK)
		return st;
	st = erix_ipc_call(endpoint, msg);
	if (st != ERIX_OK)
		return st;
	return sample_add_rep_decode(msg, rep);
}

enum erix_status sample_lookup(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_lookup_req *req, struct sample_lookup_rep *rep)
{
	enum erix_status st = sample_lookup_req_encode(req, msg);
	if (st != ERIX_OK)
		return st;
	st = erix_ipc_call(endpoint, msg);
	if (st != ERIX_OK)
		return st;
	return sample_lookup_rep_decode(msg, rep);
}

enum erix_status sample_share(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_share_req *req, struct sample_share_rep *rep)
{
	enum erix_status st = sample_share_req_encode(req, msg);
	if (st != ERIX_OK)
		return st;
	st = erix_ipc_call(endpoint, msg);
	if (st != ERIX_OK)
		return st;
	return sample_share_rep_decode(msg, rep);
}

enum erix_status sample_ping(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_ping_req *req, struct sample_ping_rep *rep)
{
	enum erix_status st = sample_ping_req_encode(req, msg);
	if (st != ERIX_OK)
		return st;
	st = erix_ipc_call(endpoint, msg);
	if (st != ERIX_OK)
		return st;
	return sample_ping_rep_decode(msg, rep);
}

enum erix_status sample_changed(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_changed_req *req)
{
	enum erix_status st = sample_changed_req_encode(req, msg);
	if (st != ERIX_OK)
		return st;
	return erix_ipc_send(endpoint, msg);
}

enum erix_status sample_mark(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_mark_req *req)
{
	enum erix_status st = sample_mark_req_encode(req, msg);
	if (st != ERIX_OK)
		return st;
	return erix_ipc_send(endpoint, msg);
}
