# desc: round trip: -Sn output, -C, then -R restores the same table (compared via a second -Sn)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -m -w 5
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13:80 -i --tun-type gue --tun-port 6080 --tun-csum
ipvsadm -A -t 10.0.0.100:443 -p 600 -M 255.255.255.0
ipvsadm -A -u 10.0.0.130:53 -p -o
ipvsadm -A -f 2 -6 -s sh -b sh-port
ipvsadm -a -f 2 -6 -r [fd00::3]:80 -m
ipvsadm -A --sctp-service 10.0.0.108:80
ipvsadm -A -t [fd00::102]:80 -p 10 -M 64
ipvsadm -Sn > saved
ipvsadm -C
ipvsadm -Ln
ipvsadm -R < saved
echo "rc=$?"
ipvsadm -Sn > again
cmp saved again && echo same
cat again
