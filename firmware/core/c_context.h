#pragma once
// A C library's context (mbedtls's, mostly) with its init/free pair: initialised when made, freed
// on every return path, and never copied (the C structs hold pointers into themselves).
namespace fw {

template <class T, void (*Init)(T*), void (*Free)(T*)>
class CContext {
public:
    CContext() { Init(&v_); }
    ~CContext() { Free(&v_); }
    CContext(const CContext&) = delete;
    CContext& operator=(const CContext&) = delete;

    T* get() { return &v_; }
    const T* get() const { return &v_; }
    T* operator->() { return &v_; }
    const T* operator->() const { return &v_; }
    T& operator*() { return v_; }
    const T& operator*() const { return v_; }
    // Freed and made again: empty, as if new.
    void reset() {
        Free(&v_);
        Init(&v_);
    }

private:
    T v_;
};

}  // namespace fw
