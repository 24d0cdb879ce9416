# desc: popt corner: a short option followed by =value (-t=VIP, -s=rr) and a no-arg short option with =value
ipvsadm -A -t=10.0.0.100:80 -s=rr
echo "rc=$?"
ipvsadm -L -n=1
echo "rc=$?"
ipvsadm -Ln
