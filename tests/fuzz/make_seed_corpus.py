#!/usr/bin/env python3
"""Writes the hand-written seed inputs of the call-model fuzz target to tests/fuzz/corpus/call_model.

The byte encoding is the one call_model_fuzz.cpp decodes (docs/fuzzing.md): a header byte, a
scheduler seed, then operations, each an opcode byte followed by its operands. The helpers below
name the opcodes and the common operand choices so that each seed reads as a scenario.
Run it after changing the encoding; the fuzzer's own finds go to build-fuzz/, not here.
"""
import os
import sys

# Opcodes (enum Operation).
(RUN, ADVANCE, SET_ANSWER, COMPLETE, CO_CREATE_VC, CO_DELETE_VC, MAKE_CALL, CLOSE_CALL, ADD_PARTY,
 DROP_PARTY, OPEN_AF, CLOSE_AF, REGISTER_SAP, DEREGISTER_SAP, ACTIVATE_VC, DEACTIVATE_VC, MODIFY_QOS,
 MCM_CREATE_VC, MCM_DELETE_VC, INCOMING_CALL, CALL_CONNECTED, INCOMING_CLOSE, INCOMING_DROP,
 NOTIFY_CLOSE_AF, QOS_CHANGE, SEND, RECEIVE, RETURN_NBLS, CO_OID, MCM_OID, UNBIND, BIND, HALT,
 CREATE_ADAPTER, INCOMING_CALL_COMPLETE) = range(35)
# Handlers whose answer an input sets (enum Op) and the answers (enum Answer).
(CM_OPEN_AF, CM_CLOSE_AF, CM_REGISTER_SAP, CM_DEREGISTER_SAP, CM_CREATE_VC, CM_DELETE_VC, CM_MAKE_CALL,
 CM_CLOSE_CALL, CM_ADD_PARTY, CM_DROP_PARTY, CM_MODIFY_QOS, CM_OID, CO_ACTIVATE, CO_DEACTIVATE, CO_OID_H,
 CO_SEND, CL_CREATE_VC, CL_DELETE_VC, CL_INCOMING_CALL, CL_NOTIFY_CLOSE_AF, CL_OID, CL_RECEIVE) = range(22)
SUCCESS, FAILURE, PEND, PEND_INLINE, SUCCESS_INLINE = 0, 1, 2, 3, 4
# Statuses (pick_status index) and handle kinds.
ST_SUCCESS, ST_FAILURE, ST_PENDING, ST_RESOURCES = 0, 1, 2, 3
BINDING, ADAPTER, AF, SAP, VC, PARTY = range(6)

# Handle choices (pick): the natural one, the latest of its kind, the n-th, another kind's, NULL,
# a random value, a seen one with a bit flipped.
NATURAL = [0]
LATEST = [3]
def nth(i): return [5, i]
def other(kind, i): return [7, kind, i]
NULL = [8]
def forged(value): return [9] + list(value.to_bytes(8, 'big'))
def flipped(i, bit): return [10, i, bit]

RUN_NOW = [1]        # PASSIVE_LEVEL, then run until idle
AT_DISPATCH = [0]    # DISPATCH_LEVEL, then run until idle
QUEUED = [0x19]      # PASSIVE_LEVEL, left queued to race the next operations
PARAMS = [0]         # call manager + media parameters
NO_PARAMS = [7]
PVC_PARAMS = [0x08]

def header(processors=1, auto_open=True, bind=True, fifo=False, seed=1):
    return [(processors - 1) | (0 if auto_open else 2) | (0 if bind else 4) | (8 if fifo else 0), seed]

def answer(handler, how, failure=ST_FAILURE): return [SET_ANSWER, handler, how, failure]
def complete(index=0, status=ST_SUCCESS, keep=False, cm_name=False):
    return [COMPLETE, index, 0 if keep else 1, status, 0 if cm_name else 1]

def create_vc(binding=NATURAL, af=LATEST, ctl=RUN_NOW): return [CO_CREATE_VC] + binding + af + ctl
def delete_vc(vc=LATEST, ctl=RUN_NOW): return [CO_DELETE_VC] + vc + ctl
def make_call(vc=LATEST, params=PARAMS, multipoint=False, ctl=RUN_NOW):
    return [MAKE_CALL] + vc + params + [1 if multipoint else 0] + ctl
def close_call(vc=LATEST, party=None, ctl=RUN_NOW):
    return [CLOSE_CALL] + vc + ([0] if party is None else [1] + party) + ctl
# Completion of a pended make-call: VC, party, keep the parameters, activate first.
def complete_make_call(index=0, status=ST_SUCCESS, vc=LATEST, party=NATURAL, activate=True, ctl=RUN_NOW):
    return complete(index, status) + vc + party + [1] + [1 if activate else 0] + ctl
def deactivate(vc=LATEST, ctl=RUN_NOW): return [DEACTIVATE_VC, 1] + vc + ctl
def outgoing_call(multipoint=False):
    return (answer(CM_MAKE_CALL, PEND) + create_vc() + make_call(multipoint=multipoint) +
            complete_make_call())

def write(seeds, out):
    os.makedirs(out, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes(b & 0xff for b in data))

SEEDS = {
    # An outgoing call answered synchronously (no activation first: CM-054), closed, deleted.
    'sync_call': header() + create_vc() + make_call() + close_call() + delete_vc(),
    # The well-behaved cycle: make-call pends, the MCM activates the VC and completes.
    'pended_call': header() + outgoing_call() + deactivate() + close_call() + delete_vc(),
    # A multipoint call with a party added and dropped, the add pended and completed.
    'multipoint': header(processors=2) + outgoing_call(multipoint=True) + answer(CM_ADD_PARTY, PEND) +
                  [ADD_PARTY] + LATEST + [0x20] + RUN_NOW + complete(0) + LATEST + RUN_NOW +
                  [DROP_PARTY] + LATEST + RUN_NOW + deactivate() + close_call(party=nth(0)) + delete_vc(),
    # An incoming call on a registered SAP: the MCM creates and activates a VC, dispatches the
    # call, connects it, then closes it remotely; the client closes, the MCM deletes the VC.
    'incoming_call': header() + [REGISTER_SAP] + LATEST + [4] + RUN_NOW +
                     [MCM_CREATE_VC] + NATURAL + LATEST + RUN_NOW + [ACTIVATE_VC, 1] + LATEST + PARAMS + RUN_NOW +
                     [INCOMING_CALL] + LATEST + LATEST + PARAMS + RUN_NOW + [CALL_CONNECTED] + LATEST + RUN_NOW +
                     [INCOMING_CLOSE, ST_SUCCESS] + LATEST + RUN_NOW + close_call() +
                     [MCM_DELETE_VC] + LATEST + RUN_NOW + [DEREGISTER_SAP] + LATEST + RUN_NOW,
    # The client pends its answer to an incoming call and accepts later.
    'incoming_pended': header() + answer(CL_INCOMING_CALL, PEND) + [REGISTER_SAP] + LATEST + [4] + RUN_NOW +
                       [MCM_CREATE_VC] + NATURAL + LATEST + RUN_NOW + [ACTIVATE_VC, 1] + LATEST + PARAMS + RUN_NOW +
                       [INCOMING_CALL] + LATEST + LATEST + PARAMS + RUN_NOW + complete(0) + LATEST + RUN_NOW +
                       [CALL_CONNECTED] + LATEST + RUN_NOW,
    # Data on a connected call: a send the MCM completes later, a receive the client keeps and
    # returns, one it returns at once.
    'data_path': header() + outgoing_call() + answer(CL_RECEIVE, PEND) + [SEND] + LATEST + [0, 0] + RUN_NOW +
                 complete(0) + LATEST + [0] + RUN_NOW + [RECEIVE] + LATEST + [0, 0] + RUN_NOW +
                 [RETURN_NBLS] + NATURAL + [0, 1] + RUN_NOW + answer(CL_RECEIVE, SUCCESS) +
                 [RECEIVE] + LATEST + [0, 0] + RUN_NOW + deactivate() + close_call() + delete_vc(),
    # Requests: the client asks the call manager on its AF, the MCM asks the client; both pend.
    'requests': header() + answer(CM_OID, PEND) + answer(CL_OID, PEND) +
                [CO_OID] + NATURAL + [1] + LATEST + [0, 1] + [0x00, 0x01, 0x01, 0x06, 16, 0] + RUN_NOW +
                complete(0) + LATEST + [0] + RUN_NOW +
                [MCM_OID] + LATEST + [0, 1] + [0x00, 0x01, 0x01, 0x06, 16, 0] + RUN_NOW + complete(0) + LATEST + [0] + RUN_NOW,
    # The MCM closes the AF under an active call; the client pends its notify-close answer.
    'notify_close_af': header() + outgoing_call() + answer(CL_NOTIFY_CLOSE_AF, PEND) +
                       [NOTIFY_CLOSE_AF] + LATEST + RUN_NOW + close_call() + delete_vc() +
                       [CLOSE_AF] + LATEST + RUN_NOW + complete(0) + LATEST + RUN_NOW,
    # Bad handles everywhere: forged, NULL, stale, the wrong kind, a flipped bit.
    'bad_handles': header() + create_vc() + delete_vc() + delete_vc(vc=nth(0)) + make_call(vc=nth(0)) +
                   delete_vc(vc=forged(0x0123456789abcdef)) + make_call(vc=NULL) + close_call(vc=other(AF, 0)) +
                   [DROP_PARTY] + other(VC, 0) + RUN_NOW + [CLOSE_AF] + flipped(0, 3) + RUN_NOW +
                   [ACTIVATE_VC, 0] + other(BINDING, 0) + PARAMS + RUN_NOW + create_vc(binding=other(AF, 0)) +
                   [DEREGISTER_SAP] + forged(1) + RUN_NOW,
    # Completions nobody asked for, twice, with the CM name, with PENDING as the status.
    'bad_completions': header() + answer(CM_MAKE_CALL, PEND) + create_vc() + make_call() +
                       complete(0, ST_SUCCESS, keep=True) + LATEST + NATURAL + [1, 0] + RUN_NOW +
                       complete(0, ST_SUCCESS) + LATEST + NATURAL + [1, 1] + RUN_NOW +
                       answer(CM_CLOSE_CALL, PEND) + close_call() + complete(0, ST_PENDING, cm_name=True) + LATEST + [0] + RUN_NOW,
    # Calls at DISPATCH_LEVEL that must run at PASSIVE_LEVEL, and queued calls racing each other.
    'irql_and_races': header(processors=2) + create_vc(ctl=AT_DISPATCH) + [OPEN_AF] + NATURAL + [1] + AT_DISPATCH +
                      answer(CM_MAKE_CALL, PEND) + create_vc() + make_call(ctl=QUEUED) + close_call(ctl=QUEUED) +
                      delete_vc(ctl=QUEUED) + [RUN] + complete_make_call(),
    # Unbind and halt with calls, SAPs and pended operations outstanding, then bring it back up.
    'teardown_outstanding': header() + [REGISTER_SAP] + LATEST + [4] + RUN_NOW + outgoing_call() +
                            answer(CM_CLOSE_CALL, PEND) + close_call() + [UNBIND, HALT, CREATE_ADAPTER, BIND] +
                            create_vc() + make_call() + [HALT],
    # No automatic AF open: the client opens by hand (one unknown family), pends the CM's open.
    'manual_open': header(auto_open=False, fifo=True) + answer(CM_OPEN_AF, PEND) + [OPEN_AF] + NATURAL + [0] + [0, 0, 0, 5] + RUN_NOW +
                   [OPEN_AF] + NATURAL + [1] + RUN_NOW + complete(0) + NATURAL + RUN_NOW + create_vc() + delete_vc() +
                   answer(CM_CLOSE_AF, PEND) + [CLOSE_AF] + LATEST + RUN_NOW + complete(0) + LATEST + RUN_NOW,
    # Handlers that complete from inside themselves: before returning PENDING (allowed), and while
    # also returning SUCCESS (CM-002).
    'inline_completions': header(processors=2) + answer(CM_MAKE_CALL, PEND_INLINE) + answer(CM_ADD_PARTY, PEND_INLINE) +
                          answer(CM_DROP_PARTY, SUCCESS_INLINE) + answer(CM_CLOSE_CALL, PEND_INLINE) +
                          answer(CO_SEND, PEND_INLINE) + answer(CL_OID, PEND_INLINE) + answer(CM_OID, SUCCESS_INLINE) +
                          create_vc() + make_call(multipoint=True) + [ADD_PARTY] + LATEST + [0x20] + RUN_NOW +
                          [DROP_PARTY] + LATEST + RUN_NOW + [SEND] + LATEST + [0, 0] + RUN_NOW +
                          [CO_OID] + NATURAL + [1] + LATEST + [0, 1] + [0x00, 0x01, 0x01, 0x06, 16, 0] + RUN_NOW +
                          [MCM_OID] + LATEST + [0, 1] + [0x00, 0x01, 0x01, 0x06, 16, 0] + RUN_NOW +
                          deactivate() + close_call(party=nth(0)) + delete_vc(),
    'inline_af_and_sap': header(auto_open=False) + answer(CM_OPEN_AF, PEND_INLINE) + answer(CM_REGISTER_SAP, SUCCESS_INLINE) +
                         answer(CM_DEREGISTER_SAP, PEND_INLINE) + answer(CM_CLOSE_AF, SUCCESS_INLINE) +
                         [OPEN_AF] + NATURAL + [1] + RUN_NOW + [REGISTER_SAP] + LATEST + [4] + RUN_NOW +
                         [DEREGISTER_SAP] + LATEST + RUN_NOW + [CLOSE_AF] + LATEST + RUN_NOW,
}

# The registration target: a prefix of mutations, then a call-model input. Sites (enum Site) and
# header mutations (low 2 bits: 0 Type, 1 Revision, else Size scaled down; the rest the value).
(MCM_DRIVER, MCM_CO, MCM_CM, MCM_REG_ATTRS, MCM_GEN_ATTRS, CLIENT_DRIVER, CLIENT_CO, CLIENT_CL,
 CLIENT_OPEN, NBL_POOL) = range(10)
def mutations(*sites):
    """sites: (site, header byte, [handler indexes to leave NULL])"""
    out = [len(sites)]
    for site, header_byte, nulls in sites:
        out += [site, header_byte, len(nulls)] + list(nulls)
    return out

REGISTRATION_SEEDS = {
    'none_pended_call': mutations() + SEEDS['pended_call'],
    'none_incoming_call': mutations() + SEEDS['incoming_call'],
    'cm_without_make_call': mutations((MCM_CM, 0, [6])) + SEEDS['sync_call'],
    'client_without_incoming_call': mutations((CLIENT_CL, 0, [6])) + SEEDS['incoming_call'],
    'co_without_send': mutations((MCM_CO, 0, [2])) + SEEDS['data_path'],
    'client_co_without_receive': mutations((CLIENT_CO, 0, [2])) + SEEDS['data_path'],
    'old_driver_revision': mutations((MCM_DRIVER, 1 | (0 << 2), [])) + SEEDS['sync_call'],
    'short_cm_table': mutations((MCM_CM, 2 | (32 << 2), [])) + SEEDS['pended_call'],
    'wrong_attribute_type': mutations((MCM_GEN_ATTRS, 0 | (5 << 2), [])) + SEEDS['sync_call'],
    'bad_open_and_pool': mutations((CLIENT_OPEN, 1 | (9 << 2), []), (NBL_POOL, 2, [])) + SEEDS['data_path'],
    'no_unload_no_halt': mutations((MCM_DRIVER, 0, [2, 3]), (CLIENT_DRIVER, 0, [2])) + SEEDS['teardown_outstanding'],
}

if __name__ == '__main__':
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
    write(SEEDS, os.path.join(root, 'call_model'))
    write(REGISTRATION_SEEDS, os.path.join(root, 'registration'))
    print(f'{len(SEEDS)} + {len(REGISTRATION_SEEDS)} seeds written under {root}')
