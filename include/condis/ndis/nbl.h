/*
 * condis: ndis.h, area "nbl": MDL, NET_BUFFER, NET_BUFFER_LIST, their pools, accessors and the
 * data-path flag words (vc-data-requests.md 2.0.3, 2.3, 2.4).
 *
 * Layouts are the WDK's for Windows x64 and are checked at the end of this file. As in the WDK,
 * C sees the headers of NET_BUFFER and NET_BUFFER_LIST as anonymous members (Nbl->Next) while C++
 * names them (Nbl->NetBufferListHeader.NetBufferListData.Next); the accessor macros hide the
 * difference. The C view is written with standard C11 anonymous structs and unions, so no
 * Microsoft extension is needed. The layout is the NDIS 6.20 one whatever NDISxx macro a driver
 * defines: drivers and the runtime must agree on the size of the objects condis allocates.
 */
#ifndef CONDIS_NDIS_NBL_H
#define CONDIS_NDIS_NBL_H
#include "condis/ndis/base.h"
/* SLIST_HEADER (the free-list linkage inside NB and NBL headers) and DECLSPEC_ALIGN. */
#include "condis/ndis/services.h"

/* ---- Forward typedefs (other areas name these types) ---------------------------------------- */
typedef struct _MDL MDL, *PMDL;
typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NET_BUFFER_LIST_CONTEXT NET_BUFFER_LIST_CONTEXT, *PNET_BUFFER_LIST_CONTEXT;
typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;
typedef struct _NET_BUFFER_POOL_PARAMETERS NET_BUFFER_POOL_PARAMETERS, *PNET_BUFFER_POOL_PARAMETERS;
/* Opaque here: CoNDIS never uses shared memory or scatter/gather lists on an NB. */
typedef struct _NET_BUFFER_SHARED_MEMORY NET_BUFFER_SHARED_MEMORY, *PNET_BUFFER_SHARED_MEMORY;
typedef struct _SCATTER_GATHER_LIST SCATTER_GATHER_LIST, *PSCATTER_GATHER_LIST;

/* ---- Platform pieces the structures need ---------------------------------------------------- */
#ifndef DECLSPEC_ALIGN
#if defined(_MSC_VER) && !defined(__clang__)
#define DECLSPEC_ALIGN(x) __declspec(align(x))
#else
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#endif
#ifndef MEMORY_ALLOCATION_ALIGNMENT
#define MEMORY_ALLOCATION_ALIGNMENT 16
#endif
#ifndef ARGUMENT_PRESENT
#define ARGUMENT_PRESENT(ArgumentPointer) ((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)0)
#endif
typedef SHORT CSHORT;

/* ---- MDL (the fields drivers use; spec 2.3.1) ----------------------------------------------- */
struct _MDL {
    struct _MDL *Next;
    CSHORT Size;
    CSHORT MdlFlags;
    struct _EPROCESS *Process;
    PVOID MappedSystemVa;
    PVOID StartVa;
    ULONG ByteCount;
    ULONG ByteOffset;
};

#define MDL_MAPPED_TO_SYSTEM_VA 0x0001
#define MDL_PAGES_LOCKED 0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_ALLOCATED_FIXED_SIZE 0x0008
#define MDL_PARTIAL 0x0010
#define MDL_PARTIAL_HAS_BEEN_MAPPED 0x0020
#define MDL_IO_PAGE_READ 0x0040
#define MDL_WRITE_OPERATION 0x0080
#define MDL_PARENT_MAPPED_SYSTEM_VA 0x0100
#define MDL_FREE_EXTRA_PTES 0x0200
#define MDL_DESCRIBES_AWE 0x0400
#define MDL_IO_SPACE 0x0800
#define MDL_NETWORK_HEADER 0x1000
#define MDL_MAPPING_CAN_FAIL 0x2000
#define MDL_ALLOCATED_MUST_SUCCEED 0x4000
#define MDL_INTERNAL 0x8000

typedef enum _MM_PAGE_PRIORITY {
    LowPagePriority,
    NormalPagePriority = 16,
    HighPagePriority = 32
} MM_PAGE_PRIORITY;

#define MmGetMdlVirtualAddress(Mdl) ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))
#define MmGetMdlByteCount(Mdl) ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl) ((Mdl)->ByteOffset)
#define MmGetMdlBaseVa(Mdl) ((Mdl)->StartVa)
/* condis has one address space: a buffer that is not mapped yet is reachable at its virtual
 * address, so the "map it now" branch of the WDK macro cannot fail and needs no call. */
#define MmGetSystemAddressForMdlSafe(Mdl, Priority)                                       \
    ((void)(Priority), ((Mdl)->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) \
                           ? ((Mdl)->MappedSystemVa)                                      \
                           : MmGetMdlVirtualAddress(Mdl))
#define NDIS_MDL_LINKAGE(Mdl) ((Mdl)->Next)
#define NdisGetNextMdl(CurrentMdl, NextMdl) \
    do {                                    \
        *(NextMdl) = (CurrentMdl)->Next;    \
    } while (0)
#define NdisQueryMdl(_Mdl, _VirtualAddress, _Length, _Priority)                          \
    do {                                                                                 \
        if (ARGUMENT_PRESENT(_VirtualAddress)) {                                         \
            *(PVOID *)(_VirtualAddress) = MmGetSystemAddressForMdlSafe(_Mdl, _Priority); \
        }                                                                                \
        *(_Length) = MmGetMdlByteCount(_Mdl);                                            \
    } while (0)
#define NdisQueryMdlOffset(_Mdl, _Offset, _Length) \
    do {                                           \
        *(_Offset) = MmGetMdlByteOffset(_Mdl);     \
        *(_Length) = MmGetMdlByteCount(_Mdl);      \
    } while (0)

/* ---- NET_BUFFER (spec 2.3.2, 2.3.3) --------------------------------------------------------- */
typedef union _NET_BUFFER_DATA_LENGTH {
    ULONG DataLength;
    SIZE_T stDataLength;
} NET_BUFFER_DATA_LENGTH, *PNET_BUFFER_DATA_LENGTH;

/* The members of NET_BUFFER_DATA, written once for the named (C++) and anonymous (C) views. */
#ifdef __cplusplus
#define CONDIS_NB_DATA_LENGTH_MEMBER NET_BUFFER_DATA_LENGTH NbDataLength;
#else
#define CONDIS_NB_DATA_LENGTH_MEMBER \
    union {                          \
        ULONG DataLength;            \
        SIZE_T stDataLength;         \
    };
#endif
#define CONDIS_NET_BUFFER_DATA_MEMBERS \
    PNET_BUFFER Next;                  \
    PMDL CurrentMdl;                   \
    ULONG CurrentMdlOffset;            \
    CONDIS_NB_DATA_LENGTH_MEMBER       \
    PMDL MdlChain;                     \
    ULONG DataOffset;

typedef struct _NET_BUFFER_DATA {
    CONDIS_NET_BUFFER_DATA_MEMBERS
} NET_BUFFER_DATA, *PNET_BUFFER_DATA;

typedef union _NET_BUFFER_HEADER {
#ifdef __cplusplus
    NET_BUFFER_DATA NetBufferData;
#else
    struct {
        CONDIS_NET_BUFFER_DATA_MEMBERS
    };
#endif
    SLIST_HEADER Link;
} NET_BUFFER_HEADER, *PNET_BUFFER_HEADER;

struct _NET_BUFFER {
#ifdef __cplusplus
    NET_BUFFER_HEADER NetBufferHeader;
#else
    union {
        struct {
            CONDIS_NET_BUFFER_DATA_MEMBERS
        };
        SLIST_HEADER Link;
    };
#endif
    USHORT ChecksumBias;
    USHORT Reserved;
    NDIS_HANDLE NdisPoolHandle;
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID NdisReserved[2];
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID ProtocolReserved[6];
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID MiniportReserved[4];
    NDIS_PHYSICAL_ADDRESS DataPhysicalAddress;
    union {
        PNET_BUFFER_SHARED_MEMORY SharedMemoryInfo;
        PSCATTER_GATHER_LIST ScatterGatherList;
    };
};
#undef CONDIS_NET_BUFFER_DATA_MEMBERS
#undef CONDIS_NB_DATA_LENGTH_MEMBER

/* ---- NET_BUFFER_LIST_CONTEXT (spec 2.3.4) --------------------------------------------------- */
struct _NET_BUFFER_LIST_CONTEXT {
    PNET_BUFFER_LIST_CONTEXT Next;
    USHORT Size;
    USHORT Offset;
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) UCHAR ContextData[];
};

/* ---- NDIS_NET_BUFFER_LIST_INFO (spec 2.3.6; the NDIS 6.20 set, OQ-V15) ---------------------- */
typedef enum _NDIS_NET_BUFFER_LIST_INFO {
    TcpIpChecksumNetBufferListInfo,
    TcpOffloadBytesTransferred = TcpIpChecksumNetBufferListInfo,
    IPsecOffloadV1NetBufferListInfo,
    IPsecOffloadV2NetBufferListInfo = IPsecOffloadV1NetBufferListInfo,
    TcpLargeSendNetBufferListInfo,
    TcpReceiveNoPush = TcpLargeSendNetBufferListInfo,
    ClassificationHandleNetBufferListInfo,
    Ieee8021QNetBufferListInfo,
    NetBufferListCancelId,
    MediaSpecificInformation,
    NetBufferListFrameType,
    NetBufferListProtocolId = NetBufferListFrameType,
    NetBufferListHashValue,
    NetBufferListHashInfo,
    WfpNetBufferListInfo,
    IPsecOffloadV2TunnelNetBufferListInfo,
    IPsecOffloadV2HeaderNetBufferListInfo,
    NetBufferListCorrelationId,
    NetBufferListFilteringInfo,
    MediaSpecificInformationEx,
    NblOriginalInterfaceIfIndex,
    NblReAuthWfpFlowContext = NblOriginalInterfaceIfIndex,
    TcpReceiveBytesTransferred,
    MaxNetBufferListInfo
} NDIS_NET_BUFFER_LIST_INFO, *PNDIS_NET_BUFFER_LIST_INFO;

/* The Ieee8021QNetBufferListInfo entry: the 802.1Q tag packed into the pointer-sized slot. */
typedef struct _NDIS_NET_BUFFER_LIST_8021Q_INFO {
    union {
        struct {
            ULONG UserPriority : 3;
            ULONG CanonicalFormatId : 1;
            ULONG VlanId : 12;
            ULONG Reserved : 16;
        } TagHeader;
        struct {
            ULONG UserPriority : 3;
            ULONG CanonicalFormatId : 1;
            ULONG VlanId : 12;
            ULONG WMMInfo : 4;
            ULONG Reserved : 12;
        } WLanTagHeader;
        PVOID Value;
    };
} NDIS_NET_BUFFER_LIST_8021Q_INFO, *PNDIS_NET_BUFFER_LIST_8021Q_INFO;

/* ---- NET_BUFFER_LIST (spec 2.3.5) ----------------------------------------------------------- */
typedef struct _NET_BUFFER_LIST_DATA {
    PNET_BUFFER_LIST Next;
    PNET_BUFFER FirstNetBuffer;
} NET_BUFFER_LIST_DATA, *PNET_BUFFER_LIST_DATA;

typedef union _NET_BUFFER_LIST_HEADER {
#ifdef __cplusplus
    NET_BUFFER_LIST_DATA NetBufferListData;
#else
    struct {
        PNET_BUFFER_LIST Next;
        PNET_BUFFER FirstNetBuffer;
    };
#endif
    SLIST_HEADER Link;
} NET_BUFFER_LIST_HEADER, *PNET_BUFFER_LIST_HEADER;

struct _NET_BUFFER_LIST {
#ifdef __cplusplus
    NET_BUFFER_LIST_HEADER NetBufferListHeader;
#else
    union {
        struct {
            PNET_BUFFER_LIST Next;
            PNET_BUFFER FirstNetBuffer;
        };
        SLIST_HEADER Link;
    };
#endif
    PNET_BUFFER_LIST_CONTEXT Context;
    PNET_BUFFER_LIST ParentNetBufferList;
    NDIS_HANDLE NdisPoolHandle;
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID NdisReserved[2];
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID ProtocolReserved[4];
    DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) PVOID MiniportReserved[2];
    PVOID Scratch;
    NDIS_HANDLE SourceHandle;
    ULONG NblFlags;
    LONG ChildRefCount;
    ULONG Flags;
    NDIS_STATUS Status;
    PVOID NetBufferListInfo[MaxNetBufferListInfo];
};

/* NET_BUFFER_LIST.Flags ranges and NblFlags bits */
#define NBL_FLAGS_PROTOCOL_RESERVED 0xFFF00000
#define NBL_FLAGS_MINIPORT_RESERVED 0x0000F000
#define NBL_FLAGS_SCRATCH 0x000F0000
#define NBL_FLAGS_NDIS_RESERVED 0x00000FFF

#define NDIS_NBL_FLAGS_SEND_READ_ONLY 0x00000001
#define NDIS_NBL_FLAGS_RECV_READ_ONLY 0x00000002
#define NDIS_NBL_FLAGS_HD_SPLIT 0x00000100
#define NDIS_NBL_FLAGS_IS_IPV4 0x00000200
#define NDIS_NBL_FLAGS_IS_IPV6 0x00000400
#define NDIS_NBL_FLAGS_IS_TCP 0x00000800
#define NDIS_NBL_FLAGS_IS_UDP 0x00001000
#define NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_HEADER 0x00002000
#define NDIS_NBL_FLAGS_SPLIT_AT_UPPER_LAYER_PROTOCOL_PAYLOAD 0x00004000
#define NDIS_NBL_FLAGS_IS_LOOPBACK_PACKET 0x00008000

/* ---- Accessors (spec 2.3.7) ----------------------------------------------------------------- */
#ifdef __cplusplus
#define NET_BUFFER_NEXT_NB(_NB) ((_NB)->NetBufferHeader.NetBufferData.Next)
#define NET_BUFFER_FIRST_MDL(_NB) ((_NB)->NetBufferHeader.NetBufferData.MdlChain)
#define NET_BUFFER_DATA_LENGTH(_NB) ((_NB)->NetBufferHeader.NetBufferData.NbDataLength.DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB) ((_NB)->NetBufferHeader.NetBufferData.DataOffset)
#define NET_BUFFER_CURRENT_MDL(_NB) ((_NB)->NetBufferHeader.NetBufferData.CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(_NB) ((_NB)->NetBufferHeader.NetBufferData.CurrentMdlOffset)
#define NET_BUFFER_LIST_NEXT_NBL(_NBL) ((_NBL)->NetBufferListHeader.NetBufferListData.Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL) ((_NBL)->NetBufferListHeader.NetBufferListData.FirstNetBuffer)
#else
#define NET_BUFFER_NEXT_NB(_NB) ((_NB)->Next)
#define NET_BUFFER_FIRST_MDL(_NB) ((_NB)->MdlChain)
#define NET_BUFFER_DATA_LENGTH(_NB) ((_NB)->DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB) ((_NB)->DataOffset)
#define NET_BUFFER_CURRENT_MDL(_NB) ((_NB)->CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(_NB) ((_NB)->CurrentMdlOffset)
#define NET_BUFFER_LIST_NEXT_NBL(_NBL) ((_NBL)->Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL) ((_NBL)->FirstNetBuffer)
#endif
#define NET_BUFFER_PROTOCOL_RESERVED(_NB) ((_NB)->ProtocolReserved)
#define NET_BUFFER_MINIPORT_RESERVED(_NB) ((_NB)->MiniportReserved)
#define NET_BUFFER_CHECKSUM_BIAS(_NB) ((_NB)->ChecksumBias)
#define NET_BUFFER_DATA_PHYSICAL_ADDRESS(_NB) ((_NB)->DataPhysicalAddress)

#define NET_BUFFER_LIST_FLAGS(_NBL) ((_NBL)->Flags)
#define NET_BUFFER_LIST_NBL_FLAGS(_NBL) ((_NBL)->NblFlags)
#define NET_BUFFER_LIST_STATUS(_NBL) ((_NBL)->Status)
#define NET_BUFFER_LIST_INFO(_NBL, _Id) ((_NBL)->NetBufferListInfo[(_Id)])
#define NET_BUFFER_LIST_PROTOCOL_RESERVED(_NBL) ((_NBL)->ProtocolReserved)
#define NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL) ((_NBL)->MiniportReserved)
#define NET_BUFFER_LIST_CONTEXT_DATA_START(_NBL) ((PUCHAR)(((_NBL)->Context) + 1) + (_NBL)->Context->Offset)
#define NET_BUFFER_LIST_CONTEXT_DATA_SIZE(_NBL) (((_NBL)->Context)->Size)

#define NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(_NBL, _CancelId) \
    (NET_BUFFER_LIST_INFO(_NBL, NetBufferListCancelId) = (_CancelId))
#define NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(_NBL) (NET_BUFFER_LIST_INFO(_NBL, NetBufferListCancelId))
#define NdisSetNetBufferListProtocolId(_NBL, _ProtocolId) \
    (*((PUCHAR)(&NET_BUFFER_LIST_INFO(_NBL, NetBufferListProtocolId))) = (_ProtocolId))

#define NBL_TEST_FLAG(_NBL, _F) (((_NBL)->Flags & (_F)) != 0)
#define NBL_SET_FLAG(_NBL, _F) ((_NBL)->Flags |= (_F))
#define NBL_CLEAR_FLAG(_NBL, _F) ((_NBL)->Flags &= ~(_F))
#define NBL_SET_PROTOCOL_RSVD_FLAG(_NBL, _F) ((_NBL)->Flags |= ((_F) & NBL_FLAGS_PROTOCOL_RESERVED))
#define NBL_CLEAR_PROTOCOL_RSVD_FLAG(_NBL, _F) ((_NBL)->Flags &= ~((_F) & NBL_FLAGS_PROTOCOL_RESERVED))
#define NBL_TEST_PROTOCOL_RSVD_FLAG(_NBL, _F) (((_NBL)->Flags & ((_F) & NBL_FLAGS_PROTOCOL_RESERVED)) != 0)
#define NBL_SET_PROT_RSVD_FLAG(_NBL, _F) NBL_SET_PROTOCOL_RSVD_FLAG(_NBL, _F)
#define NBL_CLEAR_PROT_RSVD_FLAG(_NBL, _F) NBL_CLEAR_PROTOCOL_RSVD_FLAG(_NBL, _F)
#define NBL_TEST_PROT_RSVD_FLAG(_NBL, _F) NBL_TEST_PROTOCOL_RSVD_FLAG(_NBL, _F)

#define NdisTestNblFlag(_NBL, _F) (((_NBL)->NblFlags & (_F)) != 0)
#define NdisTestNblFlags(_NBL, _F) (((_NBL)->NblFlags & (_F)) == (_F))
#define NdisSetNblFlag(_NBL, _F) ((_NBL)->NblFlags |= (_F))
#define NdisClearNblFlag(_NBL, _F) ((_NBL)->NblFlags &= ~(_F))

/* ---- Data-path flag words (spec 2.0.3) ------------------------------------------------------ */
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK 0x00000002
#define NDIS_SEND_FLAGS_SINGLE_QUEUE 0x00000004
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE 0x00000002
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES 0x00000002
#define NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE 0x00000100
#define NDIS_RECEIVE_FLAGS_SINGLE_VLAN 0x00000200
#define NDIS_RECEIVE_FLAGS_PERFECT_FILTERED 0x00000400
#define NDIS_RECEIVE_FLAGS_SINGLE_QUEUE 0x00000800
#define NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID 0x00001000
#define NDIS_RECEIVE_FLAGS_MORE_NBLS 0x00002000
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RETURN_FLAGS_SINGLE_QUEUE 0x00000002

/* Each TEST macro is true only when every bit of its second argument is set. */
#define NDIS_TEST_SEND_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_SEND_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_SEND_AT_DISPATCH_LEVEL(_Flags) NDIS_TEST_SEND_FLAG((_Flags), NDIS_SEND_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_SEND_COMPLETE_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_SEND_COMPLETE_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(_Flags) \
    NDIS_TEST_SEND_COMPLETE_FLAG((_Flags), NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_RECEIVE_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_RECEIVE_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(_Flags) \
    NDIS_TEST_RECEIVE_FLAG((_Flags), NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL)
#define NDIS_TEST_RECEIVE_CANNOT_PEND(_Flags) (((_Flags) & NDIS_RECEIVE_FLAGS_RESOURCES) != 0)
#define NDIS_TEST_RECEIVE_CAN_PEND(_Flags) (((_Flags) & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
#define NDIS_TEST_RETURN_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))
#define NDIS_SET_RETURN_FLAG(_Flags, _Fl) ((_Flags) |= (_Fl))
#define NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(_Flags) NDIS_TEST_RETURN_FLAG((_Flags), NDIS_RETURN_FLAGS_DISPATCH_LEVEL)

/* ---- Pool parameters (spec 2.3.8) ----------------------------------------------------------- */
#define NDIS_PROTOCOL_ID_DEFAULT 0x00
#define NDIS_PROTOCOL_ID_TCP_IP 0x02
#define NDIS_PROTOCOL_ID_IPX 0x06
#define NDIS_PROTOCOL_ID_NBF 0x07
#define NDIS_PROTOCOL_ID_MAX 0x0F
#define NDIS_PROTOCOL_ID_MASK 0x0F

struct _NET_BUFFER_LIST_POOL_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    UCHAR ProtocolId;
    BOOLEAN fAllocateNetBuffer;
    USHORT ContextSize;
    ULONG PoolTag;
    ULONG DataSize;
};
#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_LIST_POOL_PARAMETERS, DataSize)
/* Named on the current structure page only (OQ-V17); revision 1 has no Flags member. */
#define NET_BUFFER_LIST_POOL_FLAG_VERIFY 0x00000001

struct _NET_BUFFER_POOL_PARAMETERS {
    NDIS_OBJECT_HEADER Header;
    ULONG PoolTag;
    ULONG DataSize;
};
#define NET_BUFFER_POOL_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_POOL_PARAMETERS, DataSize)

/* Flags of the clone free function (NdisFreeCloneNetBufferList). */
#define NDIS_CLONE_FLAGS_RESERVED 0x00000001
#define NDIS_CLONE_FLAGS_USE_ORIGINAL_MDLS 0x00000002

/* ---- MDL callbacks of retreat/advance (spec 2.4.6): called at IRQL <= DISPATCH_LEVEL -------- */
typedef PMDL(NET_BUFFER_ALLOCATE_MDL)(PULONG BufferSize);
typedef NET_BUFFER_ALLOCATE_MDL *NET_BUFFER_ALLOCATE_MDL_HANDLER;
typedef VOID(NET_BUFFER_FREE_MDL)(PMDL Mdl);
typedef NET_BUFFER_FREE_MDL *NET_BUFFER_FREE_MDL_HANDLER;

/* ---- Services (spec 2.4); all at IRQL <= DISPATCH_LEVEL --------------------------------------- */
CONDIS_EXTERN_C_BEGIN

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle);
NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_POOL_PARAMETERS Parameters);
VOID NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle);

PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill);
PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                                       USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset,
                                                       SIZE_T DataLength);
VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList);
VOID NdisFreeCloneNetBufferList(PNET_BUFFER_LIST CloneNetBufferList, ULONG FreeCloneFlags);
VOID NdisFreeFragmentNetBufferList(PNET_BUFFER_LIST FragmentNetBufferList, ULONG DataOffsetDelta,
                                   ULONG FreeFragmentFlags);
VOID NdisFreeReassembledNetBufferList(PNET_BUFFER_LIST ReassembledNetBufferList, ULONG DataOffsetDelta,
                                      ULONG FreeReassembleFlags);

PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength);
PNET_BUFFER NdisAllocateNetBufferMdlAndData(NDIS_HANDLE PoolHandle);
VOID NdisFreeNetBuffer(PNET_BUFFER NetBuffer);

PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length);
VOID NdisFreeMdl(PMDL Mdl);

NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
                                          NET_BUFFER_ALLOCATE_MDL_HANDLER AllocateMdlHandler);
VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                   NET_BUFFER_FREE_MDL_HANDLER FreeMdlHandler);
NDIS_STATUS NdisRetreatNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta,
                                              ULONG DataBackFill, NET_BUFFER_ALLOCATE_MDL_HANDLER AllocateMdlHandler,
                                              NET_BUFFER_FREE_MDL_HANDLER FreeMdlHandler);
VOID NdisAdvanceNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                       NET_BUFFER_FREE_MDL_HANDLER FreeMdlMdlHandler);

NDIS_STATUS NdisAllocateNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize,
                                             USHORT ContextBackFill, ULONG PoolTag);
VOID NdisFreeNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize);

PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage, UINT AlignMultiple,
                        UINT AlignOffset);
NDIS_STATUS NdisCopyFromNetBufferToNetBuffer(PNET_BUFFER Destination, ULONG DestinationOffset, ULONG BytesToCopy,
                                             PNET_BUFFER Source, ULONG SourceOffset, PULONG BytesCopied);

NDIS_HANDLE NdisGetPoolFromNetBufferList(PNET_BUFFER_LIST NetBufferList);
NDIS_HANDLE NdisGetPoolFromNetBuffer(PNET_BUFFER NetBuffer);
UCHAR NdisGetNetBufferListProtocolId(PNET_BUFFER_LIST NetBufferList);

CONDIS_EXTERN_C_END

/* ---- Windows x64 layouts (vc-data-requests.md 2.3; tests/header checks them again) ---------- */
#if defined(_WIN64) || (defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8)
#ifdef __cplusplus
#define CONDIS_NBL_LAYOUT(cond, what) static_assert(cond, what)
#define CONDIS_NBL_ALIGNOF(t) alignof(t)
#else
#define CONDIS_NBL_LAYOUT(cond, what) _Static_assert(cond, what)
#define CONDIS_NBL_ALIGNOF(t) _Alignof(t)
#endif
CONDIS_NBL_LAYOUT(sizeof(SLIST_HEADER) == 16 && CONDIS_NBL_ALIGNOF(SLIST_HEADER) == 16, "SLIST_HEADER layout");
CONDIS_NBL_LAYOUT(sizeof(MDL) == 48 && offsetof(MDL, Size) == 8 && offsetof(MDL, MdlFlags) == 10 &&
                      offsetof(MDL, Process) == 16 && offsetof(MDL, MappedSystemVa) == 24 &&
                      offsetof(MDL, StartVa) == 32 && offsetof(MDL, ByteCount) == 40 &&
                      offsetof(MDL, ByteOffset) == 44,
                  "MDL layout");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER_DATA) == 48 && offsetof(NET_BUFFER_DATA, CurrentMdlOffset) == 16 &&
                      offsetof(NET_BUFFER_DATA, MdlChain) == 32 && offsetof(NET_BUFFER_DATA, DataOffset) == 40,
                  "NET_BUFFER_DATA layout");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER_HEADER) == 48, "NET_BUFFER_HEADER size");
CONDIS_NBL_LAYOUT(CONDIS_NBL_ALIGNOF(NET_BUFFER) == 16 && CONDIS_NBL_ALIGNOF(NET_BUFFER_LIST) == 16,
                  "NB and NBL are 16-byte aligned");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER) == 176 && offsetof(NET_BUFFER, ChecksumBias) == 48 &&
                      offsetof(NET_BUFFER, NdisPoolHandle) == 56 && offsetof(NET_BUFFER, NdisReserved) == 64 &&
                      offsetof(NET_BUFFER, ProtocolReserved) == 80 && offsetof(NET_BUFFER, MiniportReserved) == 128 &&
                      offsetof(NET_BUFFER, DataPhysicalAddress) == 160 &&
                      offsetof(NET_BUFFER, SharedMemoryInfo) == 168,
                  "NET_BUFFER layout");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER_LIST_CONTEXT) == 16 && offsetof(NET_BUFFER_LIST_CONTEXT, Offset) == 10 &&
                      offsetof(NET_BUFFER_LIST_CONTEXT, ContextData) == 16,
                  "NET_BUFFER_LIST_CONTEXT layout");
CONDIS_NBL_LAYOUT(MaxNetBufferListInfo == 18, "NDIS 6.20 NET_BUFFER_LIST info ids");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER_LIST) == 288 && offsetof(NET_BUFFER_LIST, Context) == 16 &&
                      offsetof(NET_BUFFER_LIST, NdisPoolHandle) == 32 && offsetof(NET_BUFFER_LIST, NdisReserved) == 48 &&
                      offsetof(NET_BUFFER_LIST, ProtocolReserved) == 64 &&
                      offsetof(NET_BUFFER_LIST, MiniportReserved) == 96 && offsetof(NET_BUFFER_LIST, Scratch) == 112 &&
                      offsetof(NET_BUFFER_LIST, SourceHandle) == 120 && offsetof(NET_BUFFER_LIST, NblFlags) == 128 &&
                      offsetof(NET_BUFFER_LIST, Flags) == 136 && offsetof(NET_BUFFER_LIST, Status) == 140 &&
                      offsetof(NET_BUFFER_LIST, NetBufferListInfo) == 144,
                  "NET_BUFFER_LIST layout");
CONDIS_NBL_LAYOUT(sizeof(NDIS_NET_BUFFER_LIST_8021Q_INFO) == 8, "NDIS_NET_BUFFER_LIST_8021Q_INFO size");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER_LIST_POOL_PARAMETERS) == 16 &&
                      NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 == 16,
                  "NET_BUFFER_LIST_POOL_PARAMETERS layout");
CONDIS_NBL_LAYOUT(sizeof(NET_BUFFER_POOL_PARAMETERS) == 12 && NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 == 12,
                  "NET_BUFFER_POOL_PARAMETERS layout");
#undef CONDIS_NBL_LAYOUT
#undef CONDIS_NBL_ALIGNOF
#endif

#endif /* CONDIS_NDIS_NBL_H */
